@NullMarked
package kz.ekino.qr.internal;

import org.jspecify.annotations.NullMarked;
