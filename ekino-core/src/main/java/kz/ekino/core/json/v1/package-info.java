@NullMarked
package kz.ekino.core.json.v1;

import org.jspecify.annotations.NullMarked;
