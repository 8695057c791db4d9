@NullMarked
package kz.ekino.core.revocation;

import org.jspecify.annotations.NullMarked;
