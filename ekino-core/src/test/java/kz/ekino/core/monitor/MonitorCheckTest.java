package kz.ekino.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Sale;
import kz.ekino.core.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor against an honest export, and against each way a registry can lie. */
class MonitorCheckTest {
  @TempDir
  Path dir;

  private SyntheticLog log;
  private LogMonitor monitor;
  private MonitorState state;
  private int exports;

  @BeforeEach
  void setUp() throws Exception {
    log = MonitorTallyTest.mixed();
    monitor = LogMonitor.of(SyntheticLog.ORIGIN,
        SyntheticLog.REGISTRY.verificationKey());
    state = MonitorState.open(dir.resolve("state"), SyntheticLog.ORIGIN);
  }

  private Path newDir() {
    return dir.resolve("export-" + ++exports);
  }

  private MonitorReport check(Path export) throws Exception {
    return monitor.check(ExportDirectory.of(export), state);
  }

  private Path honest(int size) throws IOException {
    return log.export(newDir(), size, log.honest(size));
  }

  @Test
  void anHonestExportChecksAndItsCheckpointIsRemembered() throws Exception {
    int n = log.entries.size();
    MonitorReport r = check(honest(n));
    assertThat(r.findings()).isEmpty();
    assertThat(r.clean()).isTrue();
    assertThat(r.entries()).isEqualTo(n);
    assertThat(r.comparedRows()).isEqualTo(3);
    assertThat(r.total()).isEqualTo(new Figures(4, 2, 500_000, 2));
    assertThat(MonitorState.open(dir.resolve("state"), SyntheticLog.ORIGIN).seen())
        .containsExactly(new MonitorState.Seen(n, log.checkpoint(n).rootHash()));
    // A later, larger export is checked against the remembered root at its size.
    log.sale(SyntheticLog.ALMATY, SyntheticLog.FILM_1,
        java.time.Instant.parse("2026-11-30T15:00:00Z"), 1);
    MonitorReport later = check(honest(n + 1));
    assertThat(later.findings()).isEmpty();
    assertThat(later.remembered()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("state"))).startsWith(
        "ekino monitor state v1\norigin " + SyntheticLog.ORIGIN + "\n" + n + " ");
  }

  @Test
  void aRewrittenEntryDoesNotMatchTheRoot() throws Exception {
    int n = log.entries.size();
    Checkpoint genuine = log.checkpoint(n);
    // The registry's database: sale 4 rewritten at a lower price, the checkpoint as signed.
    Sale cheaper = log.saleOf(SyntheticLog.ALMATY, SyntheticLog.FILM_1,
        java.time.Instant.parse("2026-11-28T14:30:00Z"), 1, false);
    List<LogEntry> rewritten = new ArrayList<>(log.entries);
    rewritten.set(3, new LogEntry(4, log.entries.get(3).registeredAt(), LogEntry.Kind.SALE,
        kz.ekino.core.submission.Submissions.signSale(cheaper, SyntheticLog.VENDOR_KEY)));
    Path export = SyntheticLog.export(newDir(), rewritten, genuine.sign(SyntheticLog.REGISTRY),
        log.honest(n));
    MonitorReport r = check(export);
    assertThat(r.clean()).isFalse();
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.ROOT_MISMATCH);
    assertThat(r.first().orElseThrow().message()).contains("an entry was rewritten");
    assertThat(r.rows()).isEmpty();
    assertThat(state.seen()).isEmpty(); // a log that does not check is not remembered
  }

  @Test
  void aFlippedByteInEntriesBinIsFound() throws Exception {
    Path export = honest(log.entries.size());
    byte[] bin = Files.readAllBytes(export.resolve(ExportDirectory.ENTRIES));
    bin[bin.length - 3] ^= 1; // inside the last entry's body
    Files.write(export.resolve(ExportDirectory.ENTRIES), bin);
    MonitorReport r = check(export);
    assertThat(r.findings()).extracting(Finding::kind).contains(Finding.Kind.ROOT_MISMATCH);
  }

  @Test
  void aRegistryRolledBackToASmallerLogIsCaught() throws Exception {
    int n = log.entries.size();
    assertThat(check(honest(n)).clean()).isTrue();
    MonitorReport r = check(honest(n - 3));
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.ROLLED_BACK);
    assertThat(r.first().orElseThrow().message()).contains("has " + (n - 3) + " entries",
        "a checkpoint of " + n);
  }

  @Test
  void anotherRootAtASizeSeenIsCaught() throws Exception {
    int n = log.entries.size();
    assertThat(check(honest(n)).clean()).isTrue();
    List<LogEntry> other = new ArrayList<>(log.entries);
    other.set(n - 1, new LogEntry(n, other.get(n - 1).registeredAt().plusSeconds(1),
        other.get(n - 1).kind(), other.get(n - 1).submission()));
    Checkpoint fork = new Checkpoint(SyntheticLog.ORIGIN, n, SyntheticLog.root(other));
    MonitorReport r = check(SyntheticLog.export(newDir(), other,
        fork.sign(SyntheticLog.REGISTRY), log.honest(n)));
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.INCONSISTENT);
    assertThat(r.first().orElseThrow().message()).contains("history was rewritten");
  }

  @Test
  void aLargerLogThatRewroteARememberedPrefixIsCaught() throws Exception {
    assertThat(check(honest(8)).clean()).isTrue();
    List<LogEntry> other = new ArrayList<>(log.entries);
    other.set(2, new LogEntry(3, other.get(2).registeredAt().plusSeconds(1),
        other.get(2).kind(), other.get(2).submission()));
    int n = other.size();
    Checkpoint cp = new Checkpoint(SyntheticLog.ORIGIN, n, SyntheticLog.root(other));
    MonitorReport r = check(SyntheticLog.export(newDir(), other, cp.sign(SyntheticLog.REGISTRY),
        log.honest(n)));
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.INCONSISTENT);
    assertThat(r.first().orElseThrow().message()).contains("entries 1 to 8");
  }

  @Test
  void aMissingEntryIsCaught() throws Exception {
    int n = log.entries.size();
    // The checkpoint of n entries, but only n - 1 exported.
    Path export = SyntheticLog.export(newDir(), log.entries.subList(0, n - 1),
        log.checkpoint(n).sign(SyntheticLog.REGISTRY), log.honest(n));
    MonitorReport r = check(export);
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.WRONG_ENTRY_COUNT);
    assertThat(r.first().orElseThrow().message()).contains("entries are missing");
  }

  @Test
  void aGapInTheSerialsIsCaughtEvenUnderASignedRoot() throws Exception {
    List<LogEntry> gap = new ArrayList<>(log.entries);
    LogEntry last = gap.remove(gap.size() - 1);
    gap.set(gap.size() - 1, new LogEntry(last.serial(), last.registeredAt(), last.kind(),
        last.submission()));
    Checkpoint cp = new Checkpoint(SyntheticLog.ORIGIN, gap.size(), SyntheticLog.root(gap));
    Path export = newDir();
    Files.createDirectory(export);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (LogEntry e : gap) {
      byte[] b = e.encode();
      out.writeInt(b.length);
      out.write(b);
    }
    Files.write(export.resolve(ExportDirectory.ENTRIES), bytes.toByteArray());
    Files.writeString(export.resolve(ExportDirectory.CHECKPOINT),
        cp.sign(SyntheticLog.REGISTRY));
    Files.write(export.resolve(ExportDirectory.MONITORING), ExportJson.write(
        new RegistryReport(gap.size(), java.time.Instant.EPOCH,
            java.time.Instant.parse("2200-01-01T00:00:00Z"), new TreeMap<>())));
    MonitorReport r = check(export);
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.SERIAL_GAP);
    assertThat(r.first().orElseThrow().message()).contains("has serial " + last.serial());
  }

  @Test
  void aFigureOneTiynOffIsNamedByGroupAndColumn() throws Exception {
    int n = log.entries.size();
    SortedMap<FigureKey, Figures> reported = new TreeMap<>(log.honest(n));
    FigureKey second = new ArrayList<>(reported.keySet()).get(1);
    Figures f = java.util.Objects.requireNonNull(reported.get(second));
    reported.put(second, new Figures(f.ticketsSold(), f.ticketsRefunded(),
        f.boxOfficeTiyn() + 1, f.admissions()));
    MonitorReport r = check(log.export(newDir(), n, reported));
    assertThat(r.findings()).hasSize(1);
    Finding first = r.first().orElseThrow();
    assertThat(first.kind()).isEqualTo(Finding.Kind.FIGURE_DIFFERS);
    assertThat(first.message()).isEqualTo("film KZ-2026-0417, cinema 990140004654, region 79, "
        + "day 2026-11-28, boxOfficeTiyn: monitoring.json says 100001, the log 100000");
    assertThat(r.logChecked()).isTrue();
    assertThat(state.seen()).hasSize(1); // the log checked: its checkpoint is remembered
  }

  @Test
  void aGroupLeftOutOrAddedIsNamed() throws Exception {
    int n = log.entries.size();
    SortedMap<FigureKey, Figures> reported = new TreeMap<>(log.honest(n));
    FigureKey first = reported.firstKey();
    reported.remove(first);
    reported.put(new FigureKey(SyntheticLog.FILM_2, SyntheticLog.ALMATY, first.region(),
        first.day()), new Figures(1, 0, 5, 0));
    MonitorReport r = check(log.export(newDir(), n, reported));
    assertThat(r.findings()).extracting(Finding::kind).containsExactly(
        Finding.Kind.GROUP_DIFFERS, Finding.Kind.GROUP_DIFFERS);
    assertThat(r.findings().get(0).message()).startsWith("monitoring.json leaves out film "
        + "KZ-2026-0417, cinema 050140001238");
  }

  @Test
  void aReportOfAnotherSizeIsStale() throws Exception {
    int n = log.entries.size();
    Path export = newDir();
    try (ExportDirectory.Writer w = ExportDirectory.Writer.create(export)) {
      for (LogEntry e : log.entries) {
        w.add(e);
      }
      w.finish(log.checkpoint(n).sign(SyntheticLog.REGISTRY), new RegistryReport(n - 1,
          java.time.Instant.EPOCH, java.time.Instant.parse("2200-01-01T00:00:00Z"),
          log.honest(n)));
    }
    assertThat(check(export).first().orElseThrow().kind())
        .isEqualTo(Finding.Kind.REPORT_STALE);
  }

  @Test
  void aCheckpointSignedByAnotherKeyIsRefused() throws Exception {
    int n = log.entries.size();
    Path export = SyntheticLog.export(newDir(), log.entries,
        log.checkpoint(n).sign(TestKeys.signing(TestKeys.OTHER_ED25519)), log.honest(n));
    MonitorReport r = check(export);
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.BAD_CHECKPOINT);
    assertThat(r.checkpoint()).isEmpty();
  }

  @Test
  void requiredWitnessesAreAskedAndTheirRefusalReported() throws Exception {
    int n = log.entries.size();
    LogMonitor strict = monitor.requiring((note, cp) -> {
      throw new kz.ekino.core.log.CheckpointException(
          kz.ekino.core.log.CheckpointException.Reason.NOT_SIGNED, "no cosignature");
    });
    MonitorReport r = strict.check(ExportDirectory.of(honest(n)), state);
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.NOT_WITNESSED);
    assertThat(state.seen()).isEmpty();
  }

  @Test
  void aConsistencyProofTheSourceOffersIsVerified() throws Exception {
    assertThat(check(honest(8)).clean()).isTrue();
    ExportDirectory export = ExportDirectory.of(honest(log.entries.size()));
    LogSource lying = new LogSource() {
      @Override
      public String checkpoint() throws IOException, ExportFormatException {
        return export.checkpoint();
      }

      @Override
      public Entries entries() throws IOException, ExportFormatException {
        return export.entries();
      }

      @Override
      public RegistryReport report() throws IOException, ExportFormatException {
        return export.report();
      }

      @Override
      public Optional<ConsistencyProof> consistencyProof(long size1) {
        return Optional.of(new ConsistencyProof(size1, log.entries.size(),
            List.of(TreeHash.of(new byte[32]))));
      }
    };
    MonitorReport r = monitor.check(lying, state);
    assertThat(r.first().orElseThrow().kind()).isEqualTo(Finding.Kind.INCONSISTENT);
    assertThat(r.first().orElseThrow().message()).contains("consistency proof from size 8");
  }

  @Test
  void malformedExportFilesAreFormatErrors() throws Exception {
    Path export = honest(log.entries.size());
    Files.write(export.resolve(ExportDirectory.ENTRIES), new byte[] {0, 2, 0, 0, 1, 2});
    assertThatThrownBy(() -> check(export)).isInstanceOf(ExportFormatException.class)
        .hasMessageContaining("entry 1 claims 131072 bytes");
    Files.write(export.resolve(ExportDirectory.ENTRIES), new byte[] {0, 0, 0, 9, 1, 2});
    assertThatThrownBy(() -> check(export)).isInstanceOf(ExportFormatException.class)
        .hasMessageContaining("entry 1 is cut short");
    Files.writeString(export.resolve(ExportDirectory.MONITORING), "{\"version\":1}");
    assertThatThrownBy(() -> check(export)).isInstanceOf(ExportFormatException.class)
        .hasMessageContaining("monitoring.json: treeSize");
    Files.delete(export.resolve(ExportDirectory.CHECKPOINT));
    assertThatThrownBy(() -> monitor.statement(ExportDirectory.of(export), SyntheticLog.FILM_1,
        LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")))
        .isInstanceOf(ExportFormatException.class).hasMessageContaining("holds no checkpoint");
  }

  @Test
  void aStateFileOfAnotherLogOrGarbageIsRefused() throws Exception {
    check(honest(log.entries.size()));
    assertThatThrownBy(() -> MonitorState.open(dir.resolve("state"), "other.example/log"))
        .isInstanceOf(ExportFormatException.class).hasMessageContaining("is the state of");
    Files.writeString(dir.resolve("state"), "ekino monitor state v1\norigin "
        + SyntheticLog.ORIGIN + "\n5 AAAA\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MonitorState.open(dir.resolve("state"), SyntheticLog.ORIGIN))
        .isInstanceOf(ExportFormatException.class).hasMessageContaining("line 3");
  }

  @Test
  void aFilmStatementAddsUpToTheFilmsRows() throws Exception {
    Path export = honest(log.entries.size());
    FilmStatement s = monitor.statement(ExportDirectory.of(export), SyntheticLog.FILM_1,
        LocalDate.parse("2026-11-28"), LocalDate.parse("2026-11-29"));
    assertThat(s.rows()).hasSize(2);
    assertThat(s.total()).isEqualTo(new Figures(3, 1, 350_000, 2));
    assertThat(s.checkpoint()).isEqualTo(log.checkpoint(log.entries.size()));
    assertThat(s.toJson()).contains("\"treeSize\" : " + log.entries.size(),
        "\"boxOfficeTiyn\" : 350000");
    assertThat(s.toText()).contains("total", "3500.00");
    // The film's other days are outside the period; film 2 is another statement.
    assertThat(monitor.statement(ExportDirectory.of(export), SyntheticLog.FILM_2,
        LocalDate.parse("2026-11-28"), LocalDate.parse("2026-11-29")).rows()).isEmpty();
    assertThat(monitor.statement(ExportDirectory.of(export), SyntheticLog.FILM_2,
        LocalDate.parse("2026-11-29"), LocalDate.parse("2026-11-30")).total())
        .isEqualTo(new Figures(1, 1, 150_000, 0));
  }

  @Test
  void aStatementOfALogThatDoesNotCheckIsRefused() throws Exception {
    Path export = honest(log.entries.size());
    byte[] bin = Files.readAllBytes(export.resolve(ExportDirectory.ENTRIES));
    bin[bin.length - 3] ^= 1;
    Files.write(export.resolve(ExportDirectory.ENTRIES), bin);
    assertThatThrownBy(() -> monitor.statement(ExportDirectory.of(export), SyntheticLog.FILM_1,
        LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")))
        .isInstanceOf(LogRejectedException.class);
  }
}
