package kz.ekino.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.Callable;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.log.InclusionProof;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prove", mixinStandardHelpOptions = true,
    description = {"Prints, as JSON, the log entry of a serial and its inclusion proof in the "
        + "tree of the latest checkpoint, checked before it is printed (docs/spec/log-v1.md)."})
final class ProveCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--serial", required = true, paramLabel = "N", description = "Serial number.")
  private long serial;

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
}
