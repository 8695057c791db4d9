package kz.ekino.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes deterministically encoded CBOR (RFC 8949 §4.2.1): every head in its shortest form,
 * definite lengths only. Map keys must be written in canonical order by the caller.
 */
public final class CborWriter {
  private byte[] buf;
  private int len;

  public CborWriter() {
    this(128);
  }

  public CborWriter(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  public CborWriter writeUint(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("unsigned integer must not be negative: " + value);
    }
    head(0, value);
    return this;
  }

  public CborWriter writeInt(long value) {
    if (value >= 0) {
      head(0, value);
    } else {
      head(1, -1 - value);
    }
    return this;
  }

  public CborWriter writeBytes(byte[] bytes) {
    return writeBytes(bytes, 0, bytes.length);
  }

  public CborWriter writeBytes(byte[] bytes, int offset, int length) {
    head(2, length);
    raw(bytes, offset, length);
    return this;
  }

  public CborWriter writeText(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    head(3, utf8.length);
    raw(utf8, 0, utf8.length);
    return this;
  }

  public CborWriter writeArrayHeader(int count) {
    head(4, count);
    return this;
  }

  public CborWriter writeMapHeader(int count) {
    head(5, count);
    return this;
  }

  public CborWriter writeTag(long tag) {
    head(6, tag);
    return this;
  }

  public CborWriter writeBoolean(boolean value) {
    ensure(1);
    buf[len++] = (byte) (value ? 0xf5 : 0xf4);
    return this;
  }

  /** Appends bytes that are already CBOR (for instance a protected header being re-embedded). */
  public CborWriter writeRaw(byte[] bytes) {
    raw(bytes, 0, bytes.length);
    return this;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  public int size() {
    return len;
  }

  private void head(int major, long value) {
    int m = major << 5;
    if (value >= 0 && value < 24) {
      ensure(1);
      buf[len++] = (byte) (m | (int) value);
    } else if (value >= 0 && value <= 0xff) {
      ensure(2);
      buf[len++] = (byte) (m | 24);
      buf[len++] = (byte) value;
    } else if (value >= 0 && value <= 0xffff) {
      ensure(3);
      buf[len++] = (byte) (m | 25);
      buf[len++] = (byte) (value >>> 8);
      buf[len++] = (byte) value;
    } else if (value >= 0 && value <= 0xffff_ffffL) {
      ensure(5);
      buf[len++] = (byte) (m | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (value >>> shift);
      }
    } else {
      ensure(9);
      buf[len++] = (byte) (m | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (value >>> shift);
      }
    }
  }

  private void raw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, len, length);
    len += length;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
