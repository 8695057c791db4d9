@NullMarked
package kz.ekino.core.trust;

import org.jspecify.annotations.NullMarked;
