package kz.ekino.registry;

import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.log.InclusionProof;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.store.Database;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.Head;
import kz.ekino.registry.store.Records.SaleRow;
import kz.ekino.registry.store.StoreFailure;

/**
 * Reading the log and the state derived from it, on the reader pool: ticket status, entries,
 * roots and proofs. Proofs are bounded by the committed head, never by what a caller asks.
 */
final class LogReader {
  private final Database db;
  private final Supplier<Head> head;

  LogReader(Database db, Supplier<Head> head) {
    this.db = db;
    this.head = head;
  }

  Head head() {
    return head.get();
  }

  <T> T read(Database.Work<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw new StorageException("reading the registry", e);
    } catch (StoreFailure e) {
      throw new StorageException("reading the registry", e);
    }
  }

  TicketStatus status(long serial) {
    return read(reader -> {
      Records r = reader.records();
      Optional<SaleRow> sale = r.findSale(serial);
      if (sale.isEmpty()) {
        return new TicketStatus(serial, TicketStatus.Status.UNKNOWN, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());
      }
      Optional<Records.RefundRow> refund = r.findRefundOf(serial);
      Optional<Records.AdmissionRow> admission = r.findAdmission(serial);
      TicketStatus.Status status = refund.isPresent() ? TicketStatus.Status.REFUNDED
          : admission.isPresent() ? TicketStatus.Status.ADMITTED
          : TicketStatus.Status.REGISTERED;
      return new TicketStatus(serial, status, Optional.of(sale.get().registeredAt()),
          refund.map(Records.RefundRow::refundedAt),
          admission.map(Records.AdmissionRow::admittedAt),
          admission.map(a -> new Gate(a.gateCinema(), a.gateId())));
    });
  }

  /** The serial of the sale {@code vendor} registered as {@code ticketId}, if any. */
  Optional<Long> serialOf(kz.ekino.core.model.Bin vendor, String ticketId) {
    return read(reader -> reader.records().findSale(vendor, ticketId).map(SaleRow::serial));
  }

  /**
   * The status of the sale a PROVISIONAL or SPECIMEN token stands for, found by its vendor and
   * ticket id: empty until the sale has arrived; UNKNOWN (with that sale's serial) when the
   * sale under this ticket id differs from the token in any fact the token carries.
   */
  Optional<TicketStatus> arrived(TicketClaims claims) {
    Optional<SaleRow> sale = read(r -> r.records().findSale(claims.vendor(),
        claims.ticketId().value()));
    if (sale.isEmpty()) {
      return Optional.empty();
    }
    SaleRow row = sale.get();
    if (!sameTicket(row.serial(), claims)) {
      return Optional.of(new TicketStatus(row.serial(), TicketStatus.Status.UNKNOWN,
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }
    return Optional.of(status(row.serial()));
  }

  /**
   * Whether the sale registered as {@code serial} is the ticket {@code claims} describe: every
   * fact the token carries (vendor, ticket id, cinema, hall, screening start, film, seat,
   * price, sale instant) equals the registered sale's, and only a SPECIMEN token matches a
   * specimen sale.
   */
  private boolean sameTicket(long serial, TicketClaims claims) {
    Optional<LogEntry> entry = entry(serial);
    if (entry.isEmpty()) {
      return false;
    }
    Sale sale;
    try {
      sale = Submissions.readSale(entry.get().submission()).content();
    } catch (RejectedException e) {
      return false;
    }
    if (sale.specimen() != (claims.kind() == TokenKind.SPECIMEN)) {
      return false;
    }
    TicketClaims registered = sale.specimen() ? TicketClaims.specimen(sale)
        : TicketClaims.provisional(sale);
    return registered.ticketId().equals(claims.ticketId())
        && registered.vendor().equals(claims.vendor())
        && registered.cinema().equals(claims.cinema())
        && registered.hall().equals(claims.hall())
        && registered.screeningStart().equals(claims.screeningStart())
        && registered.film().equals(claims.film())
        && registered.seat().equals(claims.seat())
        && registered.priceTiyn() == claims.priceTiyn()
        && (claims.soldAt().isEmpty() || registered.soldAt().equals(claims.soldAt()));
  }

  List<Long> refundedSalesStartingAfter(Instant startedAfter) {
    return read(r -> r.records().refundedSalesStartingAfter(startedAfter));
  }

  Optional<LogEntry> entry(long serial) {
    return read(r -> r.records().entry(serial));
  }

  /**
   * Entries from {@code fromSerial} on, at most {@code max}, up to the committed head, in one
   * read: each through {@link Records#entry}, the one place an entry is rebuilt from storage.
   */
  List<LogEntry> entries(long fromSerial, int max) {
    long last = Math.min(head().treeSize(), fromSerial - 1 + max);
    return read(r -> {
      List<LogEntry> out = new java.util.ArrayList<>();
      for (long serial = fromSerial; serial <= last; serial++) {
        Optional<LogEntry> e = r.records().entry(serial);
        if (e.isEmpty()) {
          throw new IllegalStateException("the log has no entry " + serial + " below its "
              + "head of " + last + ": audit the registry");
        }
        out.add(e.get());
      }
      return out;
    });
  }

  InclusionProof inclusionProof(long serial, long treeSize) {
    long committed = head().treeSize();
    if (serial < 1 || serial > treeSize || treeSize > committed) {
      throw new IllegalArgumentException("no record " + serial + " in a tree of " + treeSize
          + " (the log has " + committed + ")");
    }
    return read(r -> new InclusionProof(r.records().entry(serial).orElseThrow(), treeSize,
        new MerkleTree(r.nodes(), committed).inclusionProof(serial - 1, treeSize)));
  }

  List<TreeHash> consistencyProof(long size1, long size2) {
    long committed = head().treeSize();
    if (size1 < 0 || size1 > size2 || size2 > committed) {
      throw new IllegalArgumentException("no consistency proof from " + size1 + " to "
          + size2 + " (the log has " + committed + ")");
    }
    return read(r -> new MerkleTree(r.nodes(), committed).consistencyProof(size1, size2));
  }

  TreeHash root(long treeSize) {
    long committed = head().treeSize();
    return read(r -> new MerkleTree(r.nodes(), committed).root(treeSize));
  }

  /**
   * Every record against its leaf and the head's root; the first problem, if any. It reads
   * the whole log, so it runs on the monitoring pool, beside status checks, not instead.
   */
  Optional<String> audit(Head at) {
    try {
      return db.readMonitoring(r -> r.records().audit(at.treeSize(), at.root()));
    } catch (SQLException | StoreFailure e) {
      throw new StorageException("auditing the registry", e);
    }
  }
}
