@NullMarked
package kz.ekino.core.model;

import org.jspecify.annotations.NullMarked;
