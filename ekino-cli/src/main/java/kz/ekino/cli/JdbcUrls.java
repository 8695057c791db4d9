package kz.ekino.cli;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: every password masked. */
final class JdbcUrls {
  static final String MASK = "****";

  /**
   * A parameter whose name ends in "password" ({@code password}, {@code sslpassword}), in the
   * query ({@code ?a=b&password=x}) or in pgjdbc's property list ({@code ;password=x}), up to
   * the next separator.
   */
  private static final Pattern PARAMETER =
      Pattern.compile("(?i)([?&;][a-z_.-]*password=)[^&;#]*");
  /** The password of a user-info part: {@code //user:secret@host}. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?#]*:)[^/@?#]*@");

  private JdbcUrls() {}

  /** {@code url} with the value of every password in it replaced by {@value #MASK}. */
  static String masked(String url) {
    String s = USER_INFO.matcher(url).replaceFirst("$1" + MASK + "@");
    return PARAMETER.matcher(s).replaceAll("$1" + MASK);
  }
}
