package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Generates a key pair: PREFIX.key.pem (PKCS#8, private, mode 600) and "
        + "PREFIX.pub.pem (SubjectPublicKeyInfo). Prints the key id in hex.",
        "Existing files are never overwritten unless --force is given."})
final class KeygenCommand implements Callable<Integer> {
  private final PrintWriter out;

  @Option(names = "--alg", defaultValue = "ed25519", paramLabel = "ed25519|es256",
      description = "Signature algorithm (default: ${DEFAULT-VALUE}).")
  private String algorithm;

  @Option(names = "--out", required = true, paramLabel = "PREFIX",
      description = "Path prefix of the two files to write.")
  private String prefix;

  @Option(names = "--force", description = "Overwrite existing key files.")
  private boolean force;

  KeygenCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    Algorithm alg;
    try {
      alg = Algorithm.parse(algorithm);
    } catch (IllegalArgumentException e) {
      throw new CliException("--alg: " + e.getMessage());
    }
    SigningKey key = SigningKey.generate(alg);
    Path privatePath = Path.of(prefix + ".key.pem");
    Path publicPath = Path.of(prefix + ".pub.pem");
    if (!force) {
      for (Path p : new Path[] {privatePath, publicPath}) {
        if (Files.exists(p)) {
          throw new CliException(p + " already exists; use --force to replace it");
        }
      }
    }
    write(privatePath, key.exportPkcs8Pem(), true);
    write(publicPath, key.verificationKey().toPem(), false);
    out.println(key.keyId().toHex());
    return Main.OK;
  }

  private void write(Path path, String text, boolean secret) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.deleteIfExists(path);
      if (secret && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // Created readable by the owner only, never briefly world-readable.
        Files.createFile(path, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(path, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new CliException(path + " already exists");
    } catch (IOException e) {
      throw new CliException("cannot write " + path + ": " + e.getMessage());
    }
  }
}
