package kz.ekino.registry.log;

import java.util.ArrayList;
import java.util.List;
import kz.ekino.core.log.TreeHash;
import org.jspecify.annotations.Nullable;

/** Nodes in memory, about 64 bytes per leaf; for tests, tools and benchmarks. */
public final class MemoryNodeStore implements NodeStore {
  private final List<List<TreeHash>> levels = new ArrayList<>();

  public MemoryNodeStore() {}

  @Override
  public synchronized @Nullable TreeHash get(int level, long index) {
    if (level >= levels.size() || index >= levels.get(level).size()) {
      return null;
    }
    return levels.get(level).get((int) index);
  }

  @Override
  public synchronized void put(int level, long index, TreeHash hash) {
    while (levels.size() <= level) {
      levels.add(new ArrayList<>());
    }
    List<TreeHash> row = levels.get(level);
    if (index != row.size()) {
      throw new IllegalStateException("nodes are appended in order: level " + level
          + " has " + row.size() + ", got index " + index);
    }
    row.add(hash);
  }
}
