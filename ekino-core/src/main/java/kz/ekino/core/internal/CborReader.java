package kz.ekino.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A schema-driven reader of deterministically encoded CBOR (RFC 8949 §4.2.1).
 *
 * <p>The caller says what it expects next; anything else is a {@link CborException}. Only the
 * preferred (shortest) form of every head is accepted, indefinite lengths, floats, undefined and
 * unassigned simple values are refused, text must be valid UTF-8, and no length can make the
 * reader allocate more than the bytes it was given. Map order and key uniqueness are the caller's
 * to check, because only the caller knows the key type (see {@link #readMapKeyAfter}).
 */
public final class CborReader {
  private static final int MAJOR_UINT = 0;
  private static final int MAJOR_NINT = 1;
  private static final int MAJOR_BYTES = 2;
  private static final int MAJOR_TEXT = 3;
  private static final int MAJOR_ARRAY = 4;
  private static final int MAJOR_MAP = 5;
  private static final int MAJOR_TAG = 6;

  private final byte[] data;
  private final int end;
  private int pos;

  public CborReader(byte[] data) {
    this(data, 0, data.length);
  }

  public CborReader(byte[] data, int offset, int length) {
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
  }

  public int position() {
    return pos;
  }

  public boolean atEnd() {
    return pos == end;
  }

  /** Fails unless every byte was consumed: trailing bytes are never ignored. */
  public void requireEnd() throws CborException {
    if (pos != end) {
      throw new CborException((end - pos) + " trailing byte(s) after the CBOR item");
    }
  }

  /** The major type of the next item, without consuming it. */
  public int peekMajorType() throws CborException {
    need(1);
    return (data[pos] & 0xff) >>> 5;
  }

  /** An unsigned integer no larger than {@link Long#MAX_VALUE}. */
  public long readUint() throws CborException {
    long v = readHead(MAJOR_UINT, "an unsigned integer");
    if (v < 0) {
      throw new CborException("unsigned integer out of range");
    }
    return v;
  }

  /**
   * An instant as unsigned epoch seconds; {@code what} names it in the error when it lies
   * beyond what {@link Instant} holds.
   */
  public Instant readEpochSeconds(String what) throws CborException {
    long v = readUint();
    if (v > Instant.MAX.getEpochSecond()) {
      throw new CborException(what + " " + v + " is not a representable time (seconds since "
          + "1970 beyond the year 1000000000)");
    }
    return Instant.ofEpochSecond(v);
  }

  /** An integer of major type 0 or 1 that fits in a {@code long}. */
  public long readInt() throws CborException {
    int major = peekMajorType();
    if (major == MAJOR_UINT) {
      long v = readHead(MAJOR_UINT, "an integer");
      if (v < 0) {
        throw new CborException("integer out of range");
      }
      return v;
    }
    long n = readHead(MAJOR_NINT, "an integer");
    if (n < 0) {
      throw new CborException("integer out of range");
    }
    return -1 - n;
  }

  public byte[] readBytes() throws CborException {
    int length = readLength(MAJOR_BYTES, "a byte string");
    byte[] out = Arrays.copyOfRange(data, pos, pos + length);
    pos += length;
    return out;
  }

  /** The offset of the content of the byte string at the reader's position; skips it. */
  public int readBytesOffset() throws CborException {
    int length = readLength(MAJOR_BYTES, "a byte string");
    int start = pos;
    pos += length;
    return start;
  }

  public String readText() throws CborException {
    int length = readLength(MAJOR_TEXT, "a text string");
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, pos, length))
          .toString();
      pos += length;
      return s;
    } catch (CharacterCodingException e) {
      throw new CborException("text string is not valid UTF-8");
    }
  }

  public int readArrayHeader() throws CborException {
    return readCount(MAJOR_ARRAY, "an array");
  }

  public int readMapHeader() throws CborException {
    return readCount(MAJOR_MAP, "a map");
  }

  public long readTag() throws CborException {
    return readHead(MAJOR_TAG, "a tag");
  }

  public boolean readBoolean() throws CborException {
    need(1);
    int b = data[pos] & 0xff;
    if (b == 0xf4 || b == 0xf5) {
      pos++;
      return b == 0xf5;
    }
    throw new CborException("expected a boolean");
  }

  /**
   * Reads an unsigned-integer map key that must be greater than {@code previous}: with minimal
   * heads, ascending integers are exactly the bytewise order RFC 8949 §4.2.1 requires, and strict
   * ascent also rules out duplicates.
   */
  public long readMapKeyAfter(long previous) throws CborException {
    long key = readUint();
    if (key <= previous) {
      throw new CborException("map key " + Long.toUnsignedString(key)
          + " is out of canonical order or repeated");
    }
    return key;
  }

  private int readCount(int major, String what) throws CborException {
    long n = readHead(major, what);
    // Every element needs at least one byte: a count larger than the rest is a lie.
    if (n < 0 || n > end - pos) {
      throw new CborException(what + " claims more elements than bytes remain");
    }
    return (int) n;
  }

  private int readLength(int major, String what) throws CborException {
    long n = readHead(major, what);
    if (n < 0 || n > end - pos) {
      throw new CborException(what + " is longer than the bytes that remain");
    }
    return (int) n;
  }

  /** Reads a head of the given major type and returns its argument (unsigned, as a long). */
  private long readHead(int major, String what) throws CborException {
    need(1);
    int initial = data[pos] & 0xff;
    int actualMajor = initial >>> 5;
    int info = initial & 0x1f;
    if (actualMajor != major) {
      throw new CborException("expected " + what + ", found major type " + actualMajor);
    }
    if (info < 24) {
      pos += 1;
      return info;
    }
    long value;
    long minimum;
    switch (info) {
      case 24:
        need(2);
        value = data[pos + 1] & 0xffL;
        minimum = 24;
        pos += 2;
        break;
      case 25:
        need(3);
        value = ((data[pos + 1] & 0xffL) << 8) | (data[pos + 2] & 0xffL);
        minimum = 0x100;
        pos += 3;
        break;
      case 26:
        need(5);
        value = 0;
        for (int i = 1; i <= 4; i++) {
          value = (value << 8) | (data[pos + i] & 0xffL);
        }
        minimum = 0x1_0000L;
        pos += 5;
        break;
      case 27:
        need(9);
        value = 0;
        for (int i = 1; i <= 8; i++) {
          value = (value << 8) | (data[pos + i] & 0xffL);
        }
        minimum = 0x1_0000_0000L;
        pos += 9;
        break;
      case 31:
        throw new CborException("indefinite-length items are not allowed");
      default:
        throw new CborException("reserved additional information " + info);
    }
    if (Long.compareUnsigned(value, minimum) < 0) {
      throw new CborException("integer or length not in its shortest form");
    }
    return value;
  }

  private void need(int n) throws CborException {
    if (end - pos < n) {
      throw new CborException("unexpected end of CBOR data");
    }
  }
}
