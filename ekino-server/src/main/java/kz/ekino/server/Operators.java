package kz.ekino.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/**
 * The operators' credentials: the file {@code operators} of the data directory, one line per
 * token, {@code <role> <name> <sha256 hex of the token>} (docs/server.md, "Authentication").
 * Only hashes are held: a presented token is hashed and the hash compared with every entry in
 * constant time, so neither the comparison's time nor a leaked file gives a token away.
 * Immutable; {@link #toString} names operators, never hashes.
 */
public final class Operators {
  /** The file's name in the data directory. */
  public static final String FILE = "operators";
  /** Where {@link #createIfAbsent} leaves the first admin token, in plain text. */
  public static final String TOKEN_FILE = "operator-token";
  /** The largest operators file read (about a thousand entries). */
  static final int MAX_FILE_BYTES = 128 * 1024;
  /** The longest token accepted; the generated ones have 43 characters. */
  static final int MAX_TOKEN_CHARS = 256;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  /** What an operator may do: a viewer reads, an admin also changes the directory. */
  public enum Role {
    VIEWER,
    ADMIN;

    boolean allows(Role needed) {
      return this == ADMIN || needed == VIEWER;
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An authenticated operator: a name and a role, never the token. */
  public record Operator(String name, Role role) {}

  private static final class Entry {
    private final Operator operator;
    private final byte[] hash;

    Entry(Operator operator, byte[] hash) {
      this.operator = operator;
      this.hash = hash.clone();
    }

    Operator operator() {
      return operator;
    }

    byte[] hash() {
      return hash;
    }
  }

  private final List<Entry> entries;

  private Operators(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No operator at all: every operator route answers 401. */
  public static Operators none() {
    return new Operators(List.of());
  }

  /**
   * These operators and one more holding {@code token}, for tests and embedding; the token is
   * hashed at once and not kept.
   *
   * @throws IllegalArgumentException if the token is not 1 to {@link #MAX_TOKEN_CHARS}
   *     characters of the bearer token syntax (RFC 6750)
   */
  public Operators with(Operator operator, String token) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(operator, sha256(checkedToken(token))));
    return new Operators(more);
  }

  /**
   * Reads an operators file: at most {@link #MAX_FILE_BYTES}, lines
   * {@code <viewer|admin> <name> <64 lower-case hex digits>}; empty lines and lines starting
   * with {@code #} are skipped.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the line, if a line is not an entry
   */
  public static Operators load(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    List<Entry> entries = new ArrayList<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("[ \t]+", -1);
      if (parts.length != 3 || !NAME.matcher(parts[1]).matches()
          || !HASH.matcher(parts[2]).matches()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected '<viewer|admin>"
            + " <name> <sha256 hex of the token>'");
      }
      Role role;
      if (parts[0].equals("viewer")) {
        role = Role.VIEWER;
      } else if (parts[0].equals("admin")) {
        role = Role.ADMIN;
      } else {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": the role is viewer "
            + "or admin");
      }
      entries.add(new Entry(new Operator(parts[1], role), HexFormat.of().parseHex(parts[2])));
    }
    return new Operators(entries);
  }

  /**
   * On a data directory's first start: when {@code dir} has no operators file, makes one admin
   * token, writes its hash to {@code dir/operators} and the token itself to
   * {@code dir/operator-token}, both readable by the owner only. Returns whether it did.
   */
  public static boolean createIfAbsent(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    writePrivate(dir.resolve(TOKEN_FILE), token + "\n");
    writePrivate(file, "# ekino operators: <viewer|admin> <name> <sha256 hex of the token>\n"
        + Role.ADMIN.word() + " admin " + HexFormat.of().formatHex(sha256(token)) + "\n");
    return true;
  }

  /** The plain admin token {@link #createIfAbsent} left, while that file exists. */
  public static Optional<String> firstToken(Path dir) throws IOException {
    Path file = dir.resolve(TOKEN_FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 1024) {
      return Optional.empty();
    }
    return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * The operator holding {@code token}, if any. Every entry is compared, each in constant
   * time ({@link MessageDigest#isEqual}), whatever matches.
   */
  Optional<Operator> authenticate(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    byte[] hash = sha256(token);
    @Nullable Operator found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.hash(), hash) && found == null) {
        found = e.operator();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether {@code text} has the syntax of a bearer token (RFC 6750 b64token). */
  static boolean isTokenSyntax(String text) {
    return !text.isEmpty() && text.length() <= MAX_TOKEN_CHARS && TOKEN.matcher(text).matches();
  }

  private static String checkedToken(String token) {
    if (!isTokenSyntax(token)) {
      throw new IllegalArgumentException("a token is 1 to " + MAX_TOKEN_CHARS
          + " characters of the bearer token syntax (RFC 6750)");
    }
    return token;
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (Entry e : entries) {
      names.add(e.operator().role().word() + " " + e.operator().name());
    }
    return "Operators" + names;
  }
}
