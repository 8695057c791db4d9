package kz.ekino.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import kz.ekino.core.key.KeyFormatException;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.token.UrlBase;

/** Reading what the user names on the command line, with size limits and one-line errors. */
final class Inputs {
  static final int MAX_KEY_FILE = 16 * 1024;

  private Inputs() {}

  /** Reads a whole file, refusing anything over {@code max} bytes without reading it all. */
  static byte[] read(Path path, int max, String what) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] data = in.readNBytes(max + 1);
      if (data.length > max) {
        throw new CliException(what + " " + path + " is larger than " + max + " bytes");
      }
      return data;
    } catch (NoSuchFileException e) {
      throw new CliException(what + " " + path + " does not exist");
    } catch (IOException e) {
      throw new CliException("cannot read " + what + " " + path + ": " + e.getMessage());
    }
  }

  static SigningKey signingKey(Path path) {
    try {
      return SigningKey.fromPkcs8Pem(
          new String(read(path, MAX_KEY_FILE, "private key"), StandardCharsets.US_ASCII));
    } catch (KeyFormatException e) {
      throw new CliException(path + ": " + e.getMessage());
    }
  }

  static VerificationKey verificationKey(Path path) {
    try {
      return VerificationKey.fromPem(
          new String(read(path, MAX_KEY_FILE, "public key"), StandardCharsets.US_ASCII));
    } catch (KeyFormatException e) {
      throw new CliException(path + ": " + e.getMessage());
    }
  }

  /** A log's key: the registry signs its C2SP checkpoints with Ed25519 only. */
  static VerificationKey logKey(Path path) {
    VerificationKey key = verificationKey(path);
    if (key.algorithm() != kz.ekino.core.key.Algorithm.ED25519) {
      throw new CliException(path + ": a registry's checkpoints are signed with Ed25519; this "
          + "is a " + key.algorithm() + " key");
    }
    return key;
  }

  /** An instant as {@code 2026-11-25T12:00:00Z} or with an offset, {@code ...T17:00:00+05:00}. */
  static Instant instant(String option, String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException(option + ": expected a date-time with offset like "
          + "2026-11-25T12:00:00Z, got '" + text + "'");
    }
  }

  /** The QR text argument, or one line from stdin for {@code -}. */
  static String qrText(String argument) {
    if (!argument.equals("-")) {
      return argument;
    }
    try {
      // One QR text; anything longer than any QR code holds is not read further.
      byte[] in = System.in.readNBytes(8 * 1024);
      return new String(in, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new CliException("cannot read the QR text from stdin: " + e.getMessage());
    }
  }

  static UrlBase base(String url) {
    try {
      return UrlBase.of(url);
    } catch (IllegalArgumentException e) {
      throw new CliException("--base: " + e.getMessage());
    }
  }
}
