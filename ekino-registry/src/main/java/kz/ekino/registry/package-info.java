@NullMarked
package kz.ekino.registry;

import org.jspecify.annotations.NullMarked;
