@NullMarked
package kz.ekino.core.document;

import org.jspecify.annotations.NullMarked;
