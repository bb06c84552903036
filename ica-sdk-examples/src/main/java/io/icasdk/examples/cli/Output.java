package io.icasdk.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows printed as an aligned table or as a JSON array (-o table|json). */
final class Output {
  /** Output formats of listing commands. */
  enum Format {
    table,
    json
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<String> columns;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  Output(String... columns) {
    this.columns = List.of(columns);
  }

  /** Adds a row; values line up with the columns, null prints as "-" (table) or null (json). */
  void row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      row.put(columns.get(i), values[i]);
    }
    rows.add(row);
  }

  int size() {
    return rows.size();
  }

  void print(PrintWriter out, Format format) {
    if (format == Format.json) {
      printJson(out, rows);
      return;
    }
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).length();
      for (Map<String, Object> row : rows) {
        widths[i] = Math.max(widths[i], text(row.get(columns.get(i))).length());
      }
    }
    out.println(line(columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList(), widths));
    for (Map<String, Object> row : rows) {
      out.println(line(columns.stream().map(c -> text(row.get(c))).toList(), widths));
    }
  }

  /** Prints maps, lists, strings, numbers and booleans as indented JSON (names as they are, not escaped for a terminal). */
  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      boolean last = i == cells.size() - 1;
      sb.append(last ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
    }
    return sb.toString().stripTrailing();
  }

  private static String text(Object value) {
    return value == null ? "-" : IcaCli.printable(value.toString());
  }
}
