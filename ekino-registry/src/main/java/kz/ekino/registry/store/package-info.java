@NullMarked
package kz.ekino.registry.store;

import org.jspecify.annotations.NullMarked;
