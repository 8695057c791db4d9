@NullMarked
package kz.ekino.core.log;

import org.jspecify.annotations.NullMarked;
