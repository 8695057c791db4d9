@NullMarked
package kz.ekino.core.token.format;

import org.jspecify.annotations.NullMarked;
