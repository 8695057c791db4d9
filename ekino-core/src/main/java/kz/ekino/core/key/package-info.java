@NullMarked
package kz.ekino.core.key;

import org.jspecify.annotations.NullMarked;
