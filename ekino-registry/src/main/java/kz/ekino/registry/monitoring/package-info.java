@NullMarked
package kz.ekino.registry.monitoring;

import org.jspecify.annotations.NullMarked;
