@NullMarked
package kz.ekino.core.cose;

import org.jspecify.annotations.NullMarked;
