@NullMarked
package kz.ekino.registry.log;

import org.jspecify.annotations.NullMarked;
