@NullMarked
package kz.ekino.core.verify;

import org.jspecify.annotations.NullMarked;
