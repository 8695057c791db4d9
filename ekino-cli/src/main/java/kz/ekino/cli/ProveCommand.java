package kz.ekino.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.Callable;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.log.InclusionProof;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prove", mixinStandardHelpOptions = true,
    description = {"Prints, as JSON, the log entry of a serial and its inclusion proof in the "
        + "tree of the latest checkpoint, checked before it is printed (docs/spec/log-v1.md).",
        "With --consistency-from N instead, prints the consistency proof from the tree of N "
        + "entries to the latest checkpoint, the input of 'ekino witness cosign'."})
final class ProveCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private What what;

  static final class What {
    @Option(names = "--serial", paramLabel = "N",
        description = "Serial number, 1 to the size of the latest checkpoint.")
    Long serial;

    @Option(names = "--consistency-from", paramLabel = "N",
        description = "Tree size to prove the latest checkpoint consistent with, 0 to the "
            + "latest checkpoint's size.")
    Long from;
  }

  ProveCommand(Clock clock, PrintWriter out) {
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    DataDir dir = DataDir.open(data, false, clock);
    try (Registry registry = dir.openRegistryReadOnly(clock)) {
      String note = registry.checkpoint();
      Checkpoint cp;
      try {
        cp = Checkpoint.parseSigned(note, RegistryConfig.DEFAULT_ORIGIN,
            dir.registry.verificationKey());
      } catch (CheckpointException e) {
        throw new CliException("the registry's checkpoint does not verify: " + e.getMessage());
      }
      if (what.from != null) {
        return consistency(registry, note, cp, what.from);
      }
      long serial = Objects.requireNonNull(what.serial, "one of the group is set");
      if (serial < 1 || serial > cp.treeSize()) {
        throw new CliException("--serial: the log holds serials 1 to " + cp.treeSize());
      }
      InclusionProof proof = registry.inclusionProof(serial, cp.treeSize());
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode o = json.createObjectNode()
          .put("serial", serial)
          .put("leafIndex", proof.leafIndex())
          .put("treeSize", proof.treeSize())
          .put("kind", proof.entry().kind().name())
          .put("registeredAt", proof.entry().registeredAt().toString())
          .put("entry", Base64.getEncoder().encodeToString(proof.entry().encode()))
          .put("leafHash", proof.entry().leafHash().toBase64());
      ArrayNode path = o.putArray("proof");
      proof.path().stream().map(TreeHash::toBase64).forEach(path::add);
      o.put("checkpoint", note).put("verified", proof.verify(cp.rootHash()));
      out.println(json.writeValueAsString(o));
      out.flush();
      return proof.verify(cp.rootHash()) ? Main.OK : Main.NOT_VALID;
    }
  }

  /** {@code {"size1", "size2", "proof", "checkpoint", "verified"}}, checked before printing. */
  private int consistency(Registry registry, String note, Checkpoint cp, long from)
      throws Exception {
    if (from < 0 || from > cp.treeSize()) {
      throw new CliException("--consistency-from: the latest checkpoint has " + cp.treeSize()
          + " entries; give 0 to " + cp.treeSize());
    }
    ConsistencyProof proof = registry.consistencyProof(from, cp.treeSize());
    boolean verified = proof.verify(registry.root(from), cp.rootHash());
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = json.createObjectNode().put("size1", proof.size1()).put("size2", proof.size2());
    ArrayNode path = o.putArray("proof");
    proof.path().stream().map(TreeHash::toBase64).forEach(path::add);
    o.put("checkpoint", note).put("verified", verified);
    out.println(json.writeValueAsString(o));
    out.flush();
    return verified ? Main.OK : Main.NOT_VALID;
  }
}
