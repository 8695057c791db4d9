@NullMarked
package kz.ekino.core.token;

import org.jspecify.annotations.NullMarked;
