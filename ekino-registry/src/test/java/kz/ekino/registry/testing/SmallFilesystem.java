package kz.ekino.registry.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small ext4 file system for fault tests, in an image file on a loop device that the
 * test run creates and mounts: it returns ENOSPC when full, EPERM for writes to a file made
 * immutable ({@code chattr +i}, which binds root too, unlike file modes), and blocks writers
 * while frozen ({@code fsfreeze}). That needs root and loop devices (CI has both); elsewhere
 * the tests that need it are skipped with that reason, except on CI, where they must run.
 */
public final class SmallFilesystem implements AutoCloseable {
  private final Path image;
  private final String device;
  private final Path dir;
  private boolean frozen;

  private SmallFilesystem(Path image, String device, Path dir) {
    this.image = image;
    this.device = device;
    this.dir = dir;
  }

  public static SmallFilesystem mount(Path parent, int mib) throws Exception {
    Path image = parent.resolve("fs.img");
    Path dir = Files.createDirectories(parent.resolve("mnt"));
    try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(mib * 1024L * 1024L);
    }
    Result losetup = run("losetup", "-f", "--show", image.toString());
    if (losetup.failed()) {
      skip(losetup.output());
    }
    String device = losetup.output();
    // -m 0: no blocks reserved for root, so that the file system really fills up.
    Result mkfs = run("mkfs.ext4", "-q", "-m", "0", device);
    Result mount = mkfs.failed() ? mkfs : run("mount", device, dir.toString());
    if (mount.failed()) {
      run("losetup", "-d", device);
      skip(mount.output());
    }
    return new SmallFilesystem(image, device, dir);
  }

  private static void skip(String problem) {
    if (System.getenv("CI") != null) {
      throw new IllegalStateException("cannot mount a loop file system on CI: " + problem);
    }
    Assumptions.abort("storage fault tests skipped: they mount a small ext4 image on a loop "
        + "device, which needs root and loop devices (" + problem + ")");
  }

  public Path dir() {
    return dir;
  }

  /** Fills the file system up to its last few KiB with a filler file. */
  public void fill() throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // ENOSPC: the file system is full; the partial last block stays.
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve("filler-tail"))) {
      while (true) {
        out.write(block, 0, 512);
        out.flush();
      }
    } catch (IOException full) {
      // Full to the last block.
    }
  }

  public void free() throws IOException {
    Files.deleteIfExists(dir.resolve("filler"));
    Files.deleteIfExists(dir.resolve("filler-tail"));
  }

  public void immutable(Path file, boolean on) throws Exception {
    require(run("chattr", on ? "+i" : "-i", file.toString()));
  }

  public void freeze(boolean on) throws Exception {
    require(run("fsfreeze", on ? "-f" : "-u", dir.toString()));
    frozen = on;
  }

  private static void require(Result r) {
    if (r.failed()) {
      throw new IllegalStateException(r.output());
    }
  }

  private record Result(int exit, String output) {
    boolean failed() {
      return exit != 0;
    }
  }

  private static Result run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, String.join(" ", command) + " did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new Result(p.exitValue(), p.exitValue() == 0 ? out
        : String.join(" ", command) + ": " + out);
  }

  @Override
  public void close() throws IOException {
    try {
      if (frozen) {
        run("fsfreeze", "-u", dir.toString());
      }
      run("umount", "-l", dir.toString());
      run("losetup", "-d", device);
    } catch (Exception e) {
      throw new IOException("cannot unmount " + dir + ": " + e.getMessage(), e);
    }
    Files.deleteIfExists(image);
  }
}
