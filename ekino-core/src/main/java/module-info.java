/**
 * ekino-core: the canonical sale records, token format v1, typed keys, trust lists, the
 * offline verifier, and what crosses the wire to and from a registry (with its JSON), so that
 * a vendor client or a server needs nothing more. Only API packages are exported; codecs and
 * helpers stay inside.
 */
module kz.ekino.core {
  requires com.fasterxml.jackson.databind;
  requires org.bouncycastle.provider;
  requires static transitive org.jspecify;

  exports kz.ekino.core.model;
  exports kz.ekino.core.key;
  exports kz.ekino.core.token;
  exports kz.ekino.core.trust;
  exports kz.ekino.core.verify;
  exports kz.ekino.core.json.v1;
  exports kz.ekino.core.log;
  exports kz.ekino.core.witness;
  exports kz.ekino.core.submission;
  exports kz.ekino.core.revocation;
  exports kz.ekino.core.registration;
  exports kz.ekino.core.monitor;
  exports kz.ekino.core.anomaly;
}
