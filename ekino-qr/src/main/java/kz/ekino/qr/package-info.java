@NullMarked
package kz.ekino.qr;

import org.jspecify.annotations.NullMarked;
