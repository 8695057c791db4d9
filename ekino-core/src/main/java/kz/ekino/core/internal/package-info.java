@NullMarked
package kz.ekino.core.internal;

import org.jspecify.annotations.NullMarked;
