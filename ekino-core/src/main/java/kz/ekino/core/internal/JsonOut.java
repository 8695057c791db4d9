package kz.ekino.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Writes JSON documents built as trees, in the order fields were added. */
public final class JsonOut {
  private static final ObjectMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectMapper COMPACT = JsonMapper.builder().build();

  private JsonOut() {}

  public static ObjectNode object() {
    return COMPACT.createObjectNode();
  }

  public static String pretty(ObjectNode node) {
    return write(PRETTY, node) + "\n";
  }

  public static byte[] compact(ObjectNode node) {
    return write(COMPACT, node).getBytes(StandardCharsets.UTF_8);
  }

  private static String write(ObjectMapper mapper, ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
