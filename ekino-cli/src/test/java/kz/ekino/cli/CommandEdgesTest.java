package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kz.ekino.core.trust.TrustList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The rough edges of issue 12 that a new user meets first: help texts, defaults, paths. */
class CommandEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The README's registration instant, before the day the trust list is made. */
  private static final String README_AT = "2026-11-25T10:12:10Z";
  private static final Instant NOW = Instant.parse("2026-12-02T06:00:00.123456789Z");

  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(out, true),
        new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void tokenHelpSaysTokensAreTheRegistrysReceiptsAndThisIsALocalSigner() {
    Run help = ekino("token", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).doesNotContain("development aid").doesNotContain("until the registry")
        .contains("normally the registry's receipts").contains("signs one locally");
  }

  /** The README example, with a trust list made a week later instead of the pinned key. */
  @Test
  void theReadmeTokenVerifiesAgainstAListValidFromBeforeItsRegistration() throws Exception {
    String registry = dir.resolve("registry").toString();
    String root = dir.resolve("root").toString();
    assertThat(ekino("keygen", "--out", registry).exit()).isZero();
    assertThat(ekino("keygen", "--out", root).exit()).isZero();
    Run token = ekino("token", "--key", registry + ".key.pem", "--sale",
        Path.of("..", "docs", "examples", "sale.json").toString(), "--serial", "1",
        "--at", README_AT);
    assertThat(token.exit()).isZero();
    String qr = token.out().strip();

    Path today = dir.resolve("today.json");
    Path past = dir.resolve("past.json");
    assertThat(ekino("trustlist", "--root", root + ".key.pem", "--registry",
        registry + ".pub.pem", "--out", today.toString()).exit()).isZero();
    Run made = ekino("trustlist", "--root", root + ".key.pem", "--registry",
        registry + ".pub.pem", "--valid-from", "2026-11-01T00:00:00Z", "--out", past.toString());
    assertThat(made.exit()).isZero();
    assertThat(made.out()).contains("keys valid from 2026-11-01T00:00:00Z");

    Run refused = ekino("verify", "--trust", today.toString(), "--root", root + ".pub.pem",
        "--at", "2026-11-28T12:00:00Z", qr);
    assertThat(JSON.readTree(refused.out()).get("verdict").asText()).isEqualTo("KEY_NOT_VALID");
    Run valid = ekino("verify", "--trust", past.toString(), "--root", root + ".pub.pem",
        "--at", "2026-11-28T12:00:00Z", qr);
    assertThat(valid.exit()).isZero();
    assertThat(JSON.readTree(valid.out()).get("verdict").asText()).isEqualTo("VALID");
  }

  @Test
  void trustListKeysStartNowInWholeSecondsByDefault() throws Exception {
    String root = dir.resolve("root").toString();
    ekino("keygen", "--out", root);
    Path list = dir.resolve("trust.json");
    assertThat(ekino("trustlist", "--root", root + ".key.pem", "--registry", root + ".pub.pem",
        "--out", list.toString()).exit()).isZero();

    TrustList parsed = TrustList.parseSigned(Files.readAllBytes(list),
        kz.ekino.core.key.VerificationKey.fromPem(Files.readString(Path.of(root + ".pub.pem"))));
    assertThat(parsed.keys()).singleElement().satisfies(k ->
        assertThat(k.validFrom()).isEqualTo(Instant.parse("2026-12-02T06:00:00Z")));
    assertThat(parsed.issuedAt()).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
    assertThat(ekino("trustlist", "--help").out()).contains("--valid-from");

    Run late = ekino("trustlist", "--root", root + ".key.pem", "--registry", root + ".pub.pem",
        "--valid-from", "2027-06-01T00:00:00Z", "--out", dir.resolve("late.json").toString());
    assertThat(late.exit()).isEqualTo(2);
    assertThat(late.err()).contains("--valid-from 2027-06-01T00:00:00Z is not before the "
        + "list's expiry");
    Run garbled = ekino("trustlist", "--root", root + ".key.pem", "--registry",
        root + ".pub.pem", "--valid-from", "yesterday", "--out", list + "2");
    assertThat(garbled.exit()).isEqualTo(2);
    assertThat(garbled.err()).contains("--valid-from: expected a date-time with offset");
  }

  @Test
  void keygenRefusesAnExistingDirectoryAsItsPrefix() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));

    Run run = ekino("keygen", "--out", keys.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("is a directory, not a file name prefix")
        .contains("--out " + keys.resolve("registry"));
    try (var files = Files.list(keys)) {
      assertThat(files).as("no hidden .key.pem").isEmpty();
    }
    assertThat(ekino("keygen", "--out", keys.resolve("registry").toString()).exit()).isZero();
    assertThat(keys.resolve("registry.key.pem")).exists();
  }

  @Test
  void keygenRefusesAPrefixEndingInASeparatorEvenIfTheDirectoryIsNew() {
    String prefix = dir.resolve("new") + "/";

    Run run = ekino("keygen", "--out", prefix);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--out " + prefix + " is a directory")
        .contains("--out " + prefix + "registry (writes " + prefix + "registry.key.pem");
    assertThat(dir.resolve("new")).doesNotExist();
    assertThat(ekino("keygen", "--out", "").err()).contains("--out '' is a directory");
  }

  @Test
  void progressOffATerminalIsAPlainLineEveryTenth() {
    StringWriter out = new StringWriter();
    Progress p = new Progress(new PrintWriter(out), false, "registering", 1_000);
    for (int i = 0; i < 1_000; i++) {
      p.update(i);
    }
    p.finish();

    List<String> lines = List.of(out.toString().split("\n"));
    assertThat(lines).hasSize(9);
    assertThat(lines.get(0)).isEqualTo("  registering: 100 of 1,000 (10%)");
    assertThat(lines.get(8)).isEqualTo("  registering: 900 of 1,000 (90%)");
    assertThat(out.toString()).doesNotContain("\r");
  }

  @Test
  void progressOnATerminalRewritesOneLineAndBlanksIt() {
    StringWriter out = new StringWriter();
    Progress p = new Progress(new PrintWriter(out), true, "registering", 100_000);
    for (int i = 0; i < 100_000; i++) {
      p.update(i);
    }
    p.finish();

    String shown = out.toString();
    assertThat(shown).doesNotContain("\n").contains("\r  registering: 99,000 of 100,000 (99%)");
    assertThat(shown.split("\r", -1)).as("one redraw per percent, then the blank")
        .hasSize(1 + 99 + 2);
    assertThat(shown).endsWith("\r" + " ".repeat("  registering: 99,000 of 100,000 (99%)"
        .length()) + "\r");
  }

  @Test
  void demoRunsAtTheProgressLengthShowIt() throws Exception {
    String plain = demo(false, 40, 40);
    assertThat(plain).contains("  registering: 4 of 40 (10%)\n")
        .contains("  registering: 36 of 40 (90%)\n").doesNotContain("\r")
        .contains("40 sales registered");

    String terminal = demo(true, 40, 40);
    assertThat(terminal).contains("\r  registering: 39 of 40 (97%)")
        .containsPattern("\r +\r  40 sales registered");
  }

  @Test
  void shortDemoRunsShowNoProgressAndTheHelpStatesTheRange() throws Exception {
    assertThat(demo(true, 20, DemoCommand.PROGRESS_FROM)).doesNotContain("registering:")
        .doesNotContain("\r");
    assertThat(ekino("demo", "--help").out()).contains("20 to 100000")
        .contains("1000 or more show their progress");
    Run tooMany = ekino("demo", "--data", dir.resolve("d").toString(), "--sales", "100001");
    assertThat(tooMany.exit()).isEqualTo(2);
    assertThat(tooMany.err()).contains("--sales must be 20 to 100000, got 100001");
  }

  /**
   * Every option that takes a number says in its help which numbers it takes. The command
   * tree is Main's own, so a new command or option is checked without changing this test.
   */
  @Test
  void everyNumericOptionStatesItsRange() throws Exception {
    Main main = new Main(Clock.systemUTC(), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    Field field = Main.class.getDeclaredField("commandLine");
    field.setAccessible(true);
    Set<Class<?>> numeric = Set.of(int.class, Integer.class, long.class, Long.class,
        double.class, Double.class, Duration.class);
    Pattern range = Pattern.compile("\\b\\d[\\d,]*(?:\\^\\d+(?:-1)?)?\\s+to\\s+\\S");
    List<String> checked = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    visit(((CommandLine) field.get(main)).getCommandSpec(), spec -> {
      for (OptionSpec o : spec.options()) {
        if (numeric.contains(o.type())) {
          String name = spec.qualifiedName() + " " + o.longestName();
          checked.add(name);
          if (!range.matcher(String.join(" ", o.description())).find()) {
            missing.add(name + ": " + String.join(" ", o.description()));
          }
        }
      }
    });
    assertThat(missing).isEmpty();
    assertThat(checked).contains("ekino demo --sales", "ekino qr --dpi", "ekino qr --mm",
        "ekino token --serial", "ekino trustlist --sequence", "ekino witness verify --quorum");
  }

  private static void visit(CommandSpec spec, java.util.function.Consumer<CommandSpec> action) {
    action.accept(spec);
    spec.subcommands().values().forEach(c -> visit(c.getCommandSpec(), action));
  }

  private String demo(boolean terminal, int sales, int progressFrom) throws Exception {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new DemoCommand(Clock.fixed(NOW, ZoneOffset.UTC),
        new PrintWriter(out, true), terminal, progressFrom))
        .execute("--data", dir.resolve("demo-" + terminal + "-" + sales).toString(),
            "--sales", Integer.toString(sales));
    assertThat(exit).as(out.toString()).isZero();
    return out.toString();
  }
}
