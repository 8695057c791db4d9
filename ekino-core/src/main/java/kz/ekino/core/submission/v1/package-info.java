@NullMarked
package kz.ekino.core.submission.v1;

import org.jspecify.annotations.NullMarked;
