package kz.ekino.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark method once, in this JVM, with small inputs: CI does not measure, but a
 * benchmark that no longer compiles, sets up or runs fails the build here.
 */
class BenchmarkSmokeTest {
  @Test
  void everyBenchmarkRunsOnce() throws Exception {
    Options options = new OptionsBuilder()
        .include("kz\\.ekino\\.bench\\..*")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .mode(Mode.SingleShotTime)
        .timeUnit(TimeUnit.MILLISECONDS)
        .measurementTime(TimeValue.milliseconds(1))
        .param("leaves", "1000")
        .param("perIteration", "300")
        .param("store", "sqlite")
        .shouldFailOnError(true)
        .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = new TreeSet<>();
    for (RunResult r : results) {
      ran.add(r.getParams().getBenchmark().replace("kz.ekino.bench.", ""));
      assertThat(r.getPrimaryResult().getScore()).isPositive();
    }
    assertThat(ran).contains("TokenBenchmark.issue", "TokenBenchmark.verifyJdk",
        "QrBenchmark.png", "ScanBenchmark.scan", "MerkleBenchmark.consistencyProof",
        "RegistryBenchmark.registerPipelined2", "RegistryBenchmark.baselineCrypto2",
        "ServerBenchmark.registerHttp", "ServerBenchmark.statusHttp", "ServerBenchmark.pageHttp");
    assertThat(ran).hasSize(30);
  }
}
