package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.registry.log.MemoryNodeStore;
import kz.ekino.registry.log.MerkleTree;

/**
 * A small log written straight into the tables, as the writer would have left them: cinemas in
 * four regions, films with genres, countries and the national flag, sales over a few days in
 * two languages and every channel (a few specimens), refunds (some partial), admissions, and
 * the log's leaves and interior nodes. The submissions are random bytes: nothing here reads
 * them but the leaf hash. Deterministic for a seed.
 */
final class SyntheticLog {
  static final Instant DAY0 = Instant.parse("2026-03-02T04:00:00Z");
  static final String[] CHANNELS = {"BOX_OFFICE", "ONLINE", "KIOSK", "PARTNER"};
  static final String[][] FILMS = {
      // certificate, national, genres, countries
      {"KZ-2026-0001", "1", "drama", "KZ"},
      {"KZ-2026-0002", "1", "comedy,family", "KZ,UZ"},
      {"US-2026-1101", "0", "action", "US,GB"},
      {"RU-2026-0042", "0", "comedy", "RU"},
      {"FR-2026-0007", "0", "animation,family", "FR,BE,KZ"}};
  static final String[] KATO = {"751110000", "711110000", "791110000", "351110000",
      "751110000", "631110000"};

  final List<Bin> cinemas = new ArrayList<>();
  final List<Long> saleSerials = new ArrayList<>();
  final List<long[]> refunds = new ArrayList<>(); // {refund serial, sale serial}
  final List<Long> screeningStarts = new ArrayList<>(); // per sale, same order
  final MerkleTree tree;
  private final MemoryNodeStore nodes;

  private SyntheticLog(MemoryNodeStore nodes) {
    this.nodes = nodes;
    this.tree = new MerkleTree(nodes, 0);
  }

  long size() {
    return tree.size();
  }

  TreeHash root() {
    return tree.root();
  }

  /** A valid BIN for cinema number {@code n}: the first check digit that works. */
  static Bin bin(int n) {
    for (int last = 0; last < 100; last++) {
      String candidate = String.format("99124%05d%02d", n, last);
      try {
        return Bin.of(candidate);
      } catch (IllegalArgumentException e) {
        // try the next
      }
    }
    throw new AssertionError("no BIN for " + n);
  }

  /** Writes about {@code sales} sales with their refunds and admissions and commits. */
  static SyntheticLog write(Connection c, long seed, int sales) throws SQLException {
    MemoryNodeStore nodes = new MemoryNodeStore();
    SyntheticLog log = new SyntheticLog(nodes);
    log.fill(c, new Random(seed), sales, nodes);
    return log;
  }

  private void fill(Connection c, Random random, int sales, MemoryNodeStore store)
      throws SQLException {
    MerkleTree t = tree;
    try (PreparedStatement cinema = c.prepareStatement(
            "INSERT INTO cinemas (bin, name, kato, region) VALUES (?, ?, ?, ?)");
        PreparedStatement film = c.prepareStatement("INSERT INTO films (certificate, title_kk,"
            + " title_ru, title_en, national) VALUES (?, NULL, ?, NULL, ?)");
        PreparedStatement genre = c.prepareStatement(
            "INSERT INTO film_genres (certificate, genre) VALUES (?, ?)");
        PreparedStatement country = c.prepareStatement(
            "INSERT INTO film_countries (certificate, country) VALUES (?, ?)")) {
      for (int i = 0; i < KATO.length; i++) {
        Bin b = bin(i + 1);
        cinemas.add(b);
        cinema.setString(1, b.value());
        cinema.setString(2, "Cinema " + (i + 1));
        cinema.setString(3, KATO[i]);
        cinema.setString(4, KATO[i].substring(0, 2));
        cinema.executeUpdate();
      }
      for (String[] f : FILMS) {
        film.setString(1, f[0]);
        film.setString(2, "Film " + f[0]);
        film.setInt(3, Integer.parseInt(f[1]));
        film.executeUpdate();
        for (String g : f[2].split(",", -1)) {
          genre.setString(1, f[0]);
          genre.setString(2, g);
          genre.executeUpdate();
        }
        for (String k : f[3].split(",", -1)) {
          country.setString(1, f[0]);
          country.setString(2, k);
          country.executeUpdate();
        }
      }
    }
    try (PreparedStatement sale = c.prepareStatement("INSERT INTO records (serial, kind,"
            + " registered_at, vendor_bin, ticket_id, content_digest, submission, signer_kid,"
            + " cinema_bin, screening_id, hall, film, screening_start, screening_day, language,"
            + " format, seat_row, seat_number, price_tiyn, sold_at, channel, specimen)"
            + " VALUES (?, 0, ?, ?, ?, 'digest', ?, 'kid', ?, ?, '1', ?, ?, ?, ?, '2D', 1, 1,"
            + " ?, ?, ?, ?)");
        PreparedStatement refund = c.prepareStatement("INSERT INTO records (serial, kind,"
            + " registered_at, vendor_bin, ticket_id, content_digest, submission, signer_kid,"
            + " refund_of, refunded_at, refund_tiyn, refund_reason)"
            + " VALUES (?, 1, ?, ?, ?, 'digest', ?, 'kid', ?, ?, ?, 'reason')");
        PreparedStatement admission = c.prepareStatement("INSERT INTO admissions (serial,"
            + " admitted_at, gate_cinema, gate_id) VALUES (?, ?, ?, 'door')")) {
      long clock = DAY0.getEpochSecond();
      long serial = 0;
      List<long[]> pendingRefunds = new ArrayList<>(); // {sale serial, price, due}
      for (int i = 0; i < sales; i++) {
        clock += random.nextInt(600);
        while (!pendingRefunds.isEmpty() && pendingRefunds.get(0)[2] <= clock) {
          long[] p = pendingRefunds.remove(0);
          serial++;
          byte[] submission = bytes(random);
          long tiyn = random.nextBoolean() ? p[1] : p[1] / 2;
          refund.setLong(1, serial);
          refund.setLong(2, clock);
          refund.setString(3, "vendor");
          refund.setString(4, "T-" + p[0]);
          refund.setBytes(5, submission);
          refund.setLong(6, p[0]);
          refund.setLong(7, clock - 5);
          refund.setLong(8, tiyn);
          refund.executeUpdate();
          t.append(new LogEntry(serial, Instant.ofEpochSecond(clock), LogEntry.Kind.REFUND,
              submission).leafHash());
          refunds.add(new long[] {serial, p[0]});
        }
        serial++;
        int cinemaIndex = random.nextInt(cinemas.size());
        String[] f = FILMS[random.nextInt(FILMS.length)];
        // Screenings on the hour, from now to three days ahead.
        long start = (clock / 3600 + 1 + random.nextInt(72)) * 3600;
        long soldAt = clock - (random.nextInt(10) == 0 ? random.nextInt(7200) : random.nextInt(3));
        long price = 100_000 + 50_000L * random.nextInt(5);
        boolean specimen = random.nextInt(50) == 0;
        byte[] submission = bytes(random);
        int i2 = 1;
        sale.setLong(i2++, serial);
        sale.setLong(i2++, clock);
        sale.setString(i2++, "vendor");
        sale.setString(i2++, "T-" + serial);
        sale.setBytes(i2++, submission);
        sale.setString(i2++, cinemas.get(cinemaIndex).value());
        sale.setString(i2++, "S-" + cinemaIndex + "-" + start);
        sale.setString(i2++, f[0]);
        sale.setLong(i2++, start);
        sale.setString(i2++, LocalDate.ofInstant(Instant.ofEpochSecond(start),
            Records.KAZAKHSTAN).toString());
        sale.setString(i2++, random.nextInt(3) == 0 ? "kk" : "ru");
        sale.setLong(i2++, specimen ? 0 : price);
        sale.setLong(i2++, soldAt);
        sale.setString(i2++, CHANNELS[random.nextInt(CHANNELS.length)]);
        sale.setInt(i2, specimen ? 1 : 0);
        sale.executeUpdate();
        t.append(new LogEntry(serial, Instant.ofEpochSecond(clock), LogEntry.Kind.SALE,
            submission).leafHash());
        saleSerials.add(serial);
        screeningStarts.add(start);
        if (!specimen && random.nextInt(12) == 0) {
          pendingRefunds.add(new long[] {serial, price, clock + random.nextInt(3600)});
          pendingRefunds.sort((a, b) -> Long.compare(a[2], b[2]));
        } else if (!specimen && random.nextBoolean()) {
          admission.setLong(1, serial);
          admission.setLong(2, start - 600);
          admission.setString(3, cinemas.get(cinemaIndex).value());
          admission.executeUpdate();
        }
      }
    }
    try (PreparedStatement node = c.prepareStatement(
        "INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)")) {
      for (int level = 0; level < 64; level++) {
        for (long idx = 0; ; idx++) {
          TreeHash h = store.get(level, idx);
          if (h == null) {
            break;
          }
          node.setInt(1, level);
          node.setLong(2, idx);
          node.setBytes(3, h.toBytes());
          node.addBatch();
        }
      }
      node.executeBatch();
    }
    c.commit();
  }

  private static byte[] bytes(Random random) {
    byte[] b = new byte[20 + random.nextInt(40)];
    random.nextBytes(b);
    return b;
  }

  MemoryNodeStore nodes() {
    return nodes;
  }
}
