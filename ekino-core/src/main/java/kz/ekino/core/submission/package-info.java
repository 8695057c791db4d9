@NullMarked
package kz.ekino.core.submission;

import org.jspecify.annotations.NullMarked;
