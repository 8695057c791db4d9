@NullMarked
package kz.ekino.core.token.v1;

import org.jspecify.annotations.NullMarked;
