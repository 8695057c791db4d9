package kz.ekino.core.monitor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import kz.ekino.core.internal.JsonInputException;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.LogEntry;

/**
 * An export directory (docs/spec/export-v1.md): {@code checkpoint} (the signed note),
 * {@code entries.bin} (each encoded entry after its 4-byte big-endian length, serials 1 to n)
 * and {@code monitoring.json} (the registry's report). Reading is streaming and bounded: one
 * entry in memory at a time, each at most {@link LogSource#MAX_ENTRY_BYTES}.
 */
public final class ExportDirectory implements LogSource {
  public static final String CHECKPOINT = "checkpoint";
  public static final String ENTRIES = "entries.bin";
  public static final String MONITORING = "monitoring.json";

  private final Path dir;

  private ExportDirectory(Path dir) {
    this.dir = dir;
  }

  /** An export directory to read; its files are read when asked for. */
  public static ExportDirectory of(Path dir) {
    return new ExportDirectory(dir);
  }

  @Override
  public String checkpoint() throws IOException, ExportFormatException {
    byte[] note = read(CHECKPOINT, Checkpoint.MAX_NOTE_BYTES);
    return new String(note, StandardCharsets.UTF_8);
  }

  @Override
  public Entries entries() throws IOException, ExportFormatException {
    InputStream in = open(ENTRIES);
    DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    return new Entries() {
      private long n;

      @Override
      public Optional<byte[]> next() throws IOException, ExportFormatException {
        int first = data.read();
        if (first < 0) {
          return Optional.empty();
        }
        n++;
        try {
          int length = (first << 24) | (data.readUnsignedByte() << 16)
              | data.readUnsignedShort();
          if (length < 1 || length > MAX_ENTRY_BYTES) {
            throw new ExportFormatException(ENTRIES + ": entry " + n + " claims " + length
                + " bytes; an entry has 1 to " + MAX_ENTRY_BYTES);
          }
          byte[] entry = new byte[length];
          data.readFully(entry);
          return Optional.of(entry);
        } catch (EOFException e) {
          throw new ExportFormatException(ENTRIES + ": entry " + n + " is cut short");
        }
      }

      @Override
      public void close() throws IOException {
        data.close();
      }
    };
  }

  @Override
  public RegistryReport report() throws IOException, ExportFormatException {
    try {
      return ExportJson.read(read(MONITORING, ExportJson.MAX_BYTES));
    } catch (JsonInputException e) {
      throw new ExportFormatException(MONITORING + ": " + e.getMessage());
    }
  }

  private InputStream open(String name) throws IOException, ExportFormatException {
    try {
      return Files.newInputStream(dir.resolve(name));
    } catch (NoSuchFileException e) {
      throw new ExportFormatException(dir + " holds no " + name
          + "; is it an export (ekino export)?");
    }
  }

  private byte[] read(String name, int max) throws IOException, ExportFormatException {
    try (InputStream in = open(name)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new ExportFormatException(name + " is larger than " + max + " bytes");
      }
      return b;
    }
  }

  /**
   * Writes an export: {@link #add} every entry from serial 1, then {@link #finish} with the
   * checkpoint they make up and the registry's report. The checkpoint is written last, so an
   * export cut short by a crash has none and is refused. Files are synced before finish
   * returns.
   */
  public static final class Writer implements AutoCloseable {
    private final Path dir;
    private final FileChannel channel;
    private final DataOutputStream out;
    private long next = 1;

    private Writer(Path dir, FileChannel channel) {
      this.dir = dir;
      this.channel = channel;
      OutputStream os = java.nio.channels.Channels.newOutputStream(channel);
      this.out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
    }

    /** Creates {@code dir}, which must not exist (its parent must). */
    public static Writer create(Path dir) throws IOException {
      Files.createDirectory(dir);
      return new Writer(dir, FileChannel.open(dir.resolve(ENTRIES), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE));
    }

    /** Appends the next entry; serials must run 1, 2, 3, … */
    public void add(LogEntry entry) throws IOException {
      if (entry.serial() != next) {
        throw new IllegalArgumentException("expected entry " + next + ", got "
            + entry.serial());
      }
      byte[] b = entry.encode();
      out.writeInt(b.length);
      out.write(b);
      next++;
    }

    /**
     * Writes monitoring.json and the checkpoint. The checkpoint's tree size must be the
     * number of entries added (the caller parsed it already; this only writes it).
     */
    public void finish(String signedCheckpoint, RegistryReport report) throws IOException {
      out.flush();
      channel.force(true);
      write(dir.resolve(MONITORING), ExportJson.write(report));
      write(dir.resolve(CHECKPOINT), signedCheckpoint.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] data) throws IOException {
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
          c.write(b);
        }
        c.force(true);
      }
    }

    /** The number of entries added. */
    public long entries() {
      return next - 1;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
