package kz.ekino.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.Cosignature;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.log.WitnessKey;
import kz.ekino.core.log.WitnessQuorum;
import kz.ekino.core.witness.Witness;
import kz.ekino.core.witness.WitnessException;
import kz.ekino.registry.RegistryConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ekino witness cosign} and {@code ekino witness verify}: a c2sp.org/tlog-witness
 * witness on the command line, and the k-of-n check of a cosigned checkpoint. A refusal is one
 * line on stderr with its reason and exit code 1; bad files and arguments exit 2.
 */
@Command(name = "witness", mixinStandardHelpOptions = true,
    description = {"Cosigns registry checkpoints as an independent witness "
        + "(c2sp.org/tlog-cosignature), and checks cosigned checkpoints.",
        "Make a witness key with 'ekino keygen --out PREFIX' (Ed25519)."})
final class WitnessCommand implements Runnable {
  /** A consistency proof file is a few kilobytes; more is refused unread. */
  static final int MAX_PROOF_FILE = 64 * 1024;

  private static final ObjectMapper STRICT_JSON = JsonMapper.builder(
          com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(
              com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(16)
                  .maxNumberLength(24).build()).build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static CommandLine commandLine(Clock clock, PrintWriter out, PrintWriter err) {
    return new CommandLine(new WitnessCommand())
        .addSubcommand("cosign", new Cosign(clock, out, err))
        .addSubcommand("verify", new Verify(out, err));
  }

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "cosign", mixinStandardHelpOptions = true,
      description = {"Cosigns a registry checkpoint if it extends the last one this witness "
          + "cosigned for the log (checked with the consistency proof), and prints the "
          + "cosigned note. The state file is updated, durably, before anything is printed.",
          "Refuses (exit 1) a checkpoint not signed by the registry key, smaller than the "
          + "last cosigned one (ROLLBACK), of the same size with another root (EQUIVOCATION), "
          + "or not proved consistent (INCONSISTENT, WRONG_OLD_SIZE)."})
  static final class Cosign implements Callable<Integer> {
    private final Clock clock;
    private final PrintWriter out;
    private final PrintWriter err;

    @Option(names = "--key", required = true, paramLabel = "WITNESS.key.pem",
        description = "The witness's Ed25519 private key.")
    private Path key;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "The witness's key name, e.g. witness.example.org/w1.")
    private String name;

    @Option(names = "--state", required = true, paramLabel = "FILE",
        description = "The witness's state file (made on first use; keep it, and back it up: "
            + "it is what the witness has cosigned).")
    private Path state;

    @Option(names = "--log-key", required = true, paramLabel = "REGISTRY.pub.pem",
        description = "The registry's public key.")
    private Path logKey;

    @Option(names = "--origin", defaultValue = RegistryConfig.DEFAULT_ORIGIN,
        paramLabel = "ORIGIN", description = "The log's origin (default: ${DEFAULT-VALUE}).")
    private String origin;

    @Option(names = "--proof", required = true, paramLabel = "PROOF.json",
        description = "Consistency proof from the last cosigned size, as printed by "
            + "'ekino prove --consistency-from N'.")
    private Path proof;

    @Option(names = "--checkpoint", paramLabel = "FILE",
        description = "The signed checkpoint (default: the one in the proof file).")
    private Path checkpoint;

    Cosign(Clock clock, PrintWriter out, PrintWriter err) {
      this.clock = clock;
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      Witness witness;
      try {
        witness = new Witness(name, Inputs.signingKey(key), state, clock);
      } catch (IllegalArgumentException e) {
        throw new CliException("--name/--key: " + e.getMessage());
      }
      ProofFile p = readProof(proof);
      String note = checkpoint != null ? readNote(checkpoint) : p.checkpoint();
      if (note.isEmpty()) {
        throw new CliException(proof + " holds no checkpoint; give --checkpoint FILE");
      }
      Cosignature c;
      try {
        c = witness.cosign(note, origin, Inputs.logKey(logKey), p.proof());
      } catch (WitnessException e) {
        err.println("ekino: witness refuses: " + e.getMessage());
        err.flush();
        return Main.NOT_VALID;
      } catch (IOException e) {
        throw new CliException("witness state " + state + ": " + e.getMessage());
      }
      out.print(note + c.toLine());
      out.flush();
      return Main.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Checks a checkpoint's registry signature and that at least K of the "
          + "given witnesses cosigned it. Prints VALID and the tree size (exit 0), or the "
          + "reason it is refused (exit 1)."})
  static final class Verify implements Callable<Integer> {
    private final PrintWriter out;
    private final PrintWriter err;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
        description = "The cosigned checkpoint.")
    private Path checkpoint;

    @Option(names = "--log-key", required = true, paramLabel = "REGISTRY.pub.pem",
        description = "The registry's public key.")
    private Path logKey;

    @Option(names = "--origin", defaultValue = RegistryConfig.DEFAULT_ORIGIN,
        paramLabel = "ORIGIN", description = "The log's origin (default: ${DEFAULT-VALUE}).")
    private String origin;

    @Option(names = "--witness", required = true, paramLabel = "NAME=PUB.pem",
        description = "A trusted witness: its key name and public key file; repeatable.")
    private List<String> witnesses;

    @Option(names = "--quorum", paramLabel = "K",
        description = "How many of the witnesses must have cosigned, 1 to their number "
            + "(default: all).")
    private Integer quorum;

    Verify(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      WitnessQuorum q = quorum(witnesses, quorum);
      int keys = witnesses.size();
      try {
        Checkpoint cp = Checkpoint.parseCosigned(readNote(checkpoint), origin,
            Inputs.logKey(logKey), q);
        out.println("VALID: " + cp.origin() + " size " + cp.treeSize() + " root "
            + cp.rootHash().toBase64() + ", cosigned by at least " + q.required() + " of "
            + keys + " witnesses");
        out.flush();
        return Main.OK;
      } catch (CheckpointException e) {
        err.println("ekino: " + checkpoint + " refused: " + e.getMessage());
        err.flush();
        return Main.NOT_VALID;
      }
    }
  }

  static String readNote(Path file) {
    return new String(Inputs.read(file, Checkpoint.MAX_NOTE_BYTES, "checkpoint"),
        StandardCharsets.UTF_8);
  }

  /** The proof file's proof, and its checkpoint ("" when it has none). */
  record ProofFile(ConsistencyProof proof, String checkpoint) {}

  /** Reads the JSON of 'ekino prove --consistency-from': strict, bounded, one-line errors. */
  static ProofFile readProof(Path file) {
    byte[] bytes = Inputs.read(file, MAX_PROOF_FILE, "consistency proof");
    try {
      JsonNode o = STRICT_JSON.readTree(bytes);
      if (o == null || !o.isObject()) {
        throw new CliException(file + ": a consistency proof is a JSON object");
      }
      Set<String> known = Set.of("size1", "size2", "proof", "checkpoint", "verified");
      for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
        String n = names.next();
        if (!known.contains(n)) {
          throw new CliException(file + ": unknown field '" + n + "'");
        }
      }
      JsonNode size1 = o.get("size1");
      JsonNode size2 = o.get("size2");
      JsonNode path = o.get("proof");
      JsonNode note = o.get("checkpoint");
      if (size1 == null || !size1.canConvertToExactIntegral() || !size1.canConvertToLong()
          || size2 == null || !size2.canConvertToExactIntegral() || !size2.canConvertToLong()
          || path == null || !path.isArray() || (note != null && !note.isTextual())) {
        throw new CliException(file + ": expected integers size1 and size2, an array proof of "
            + "base64 hashes, and optionally a checkpoint text");
      }
      if (path.size() > ConsistencyProof.MAX_PATH) {
        throw new CliException(file + ": a consistency proof has at most "
            + ConsistencyProof.MAX_PATH + " hashes");
      }
      List<TreeHash> hashes = new ArrayList<>();
      for (JsonNode h : path) {
        TreeHash hash = h.isTextual() ? TreeHash.fromBase64(h.asText()) : null;
        if (hash == null || !hash.toBase64().equals(h.asText())) {
          throw new CliException(file + ": proof hashes are 32-byte standard base64 strings");
        }
        hashes.add(hash);
      }
      return new ProofFile(new ConsistencyProof(size1.asLong(), size2.asLong(), hashes),
          note == null ? "" : note.asText());
    } catch (JsonProcessingException e) {
      throw new CliException(file + ": not valid JSON: " + jsonProblem(e));
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(file + ": " + e.getMessage());
    }
  }

  /** What went wrong in a JSON file, in words, with where; never Jackson's names. */
  private static String jsonProblem(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    String what = m.startsWith("Trailing token") ? "unexpected data after the JSON object"
        : m.contains("nesting depth") ? "nested deeper than 16 levels"
        : m.contains("Number value length") ? "a number is longer than 24 characters"
        : m.contains("Duplicate field") ? "a field appears twice"
        : m.contains("end-of-input") ? "the document ends before it is complete"
        : "syntax error";
    com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    return what + (at == null ? " (location unknown)"
        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
  }

  /**
   * The witnesses named {@code NAME=PUB.pem} on the command line, {@code quorum} of which
   * (all, when null) must have cosigned; a usage error names what is wrong.
   */
  static WitnessQuorum quorum(List<String> witnesses, Integer quorum) {
    List<WitnessKey> keys = new ArrayList<>();
    for (String w : witnesses) {
      int eq = w.indexOf('=');
      if (eq < 1 || eq == w.length() - 1) {
        throw new CliException("--witness: expected NAME=PUB.pem, got '" + w + "'");
      }
      try {
        keys.add(new WitnessKey(w.substring(0, eq),
            Inputs.verificationKey(Path.of(w.substring(eq + 1)))));
      } catch (IllegalArgumentException e) {
        throw new CliException("--witness " + w + ": " + e.getMessage());
      }
    }
    try {
      return new WitnessQuorum(quorum == null ? keys.size() : quorum, keys);
    } catch (IllegalArgumentException e) {
      throw new CliException("--quorum/--witness: " + e.getMessage());
    }
  }
}
