package io.feedlake.catalog.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A protocol fake of the AWS Glue Data Catalog (and of STS AssumeRole) on a loopback HTTP port,
 * for tests and benchmarks. It is not an emulator: it implements, in memory, only the operations
 * feedlake uses, speaking the AWS JSON 1.1 protocol as the real service does ({@code POST /},
 * {@code X-Amz-Target: AWSGlue.<Operation>}, {@code Content-Type: application/x-amz-json-1.1},
 * errors as HTTP 400/500 with {@code {"__type": <code>, "message": ...}}), with the request and
 * response member names of the AWS Glue API reference ({@code DatabaseInput}, {@code TableInput},
 * {@code StorageDescriptor}, {@code PartitionInput}, {@code PartitionInputList}, {@code Entries},
 * {@code PartitionsToDelete}, {@code PartitionsToGet}, {@code Errors} with {@code ErrorDetail},
 * {@code PartitionValueList}, {@code NextToken}, {@code MaxResults}, {@code CatalogId}). It
 * enforces the documented limits (BatchCreatePartition and BatchUpdatePartition 100 entries,
 * BatchDeletePartition 25, BatchGetPartition 1000, GetPartitions MaxResults 1..1000) with {@code
 * ValidationException}, and can inject whole-call throttling ({@code ThrottlingException}), 5xx
 * ({@code InternalServiceException}), a 5xx after applying a batch, and per-entry errors.
 *
 * <p>STS: {@code POST /} with a form body {@code Action=AssumeRole&RoleArn=...} answers the AWS
 * Query protocol XML with credentials whose access key id names the role, so tests can see which
 * credentials signed each call ({@link #accessKeys()}).
 */
public final class FakeGlue implements AutoCloseable {
  /** Account id of the caller when a request has no CatalogId. */
  public static final String OWN_ACCOUNT = "111122223333";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");

  private final HttpServer server;
  private final Map<String, ObjectNode> databases = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> tables = new ConcurrentHashMap<>();
  private final Map<String, SortedMap<String, ObjectNode>> partitions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final List<String> accessKeys = new CopyOnWriteArrayList<>();
  private final List<String> catalogIds = new CopyOnWriteArrayList<>();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final List<String> expressions = new CopyOnWriteArrayList<>();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger fail5xxNext = new AtomicInteger();
  private final AtomicInteger applyThen5xxNext = new AtomicInteger();
  private final Map<String, Deque<String>> entryErrors = new ConcurrentHashMap<>();
  private final AtomicInteger tokens = new AtomicInteger();

  private FakeGlue(HttpServer server) {
    this.server = server;
  }

  /** Starts the fake on a free loopback port. */
  public static FakeGlue start() throws IOException {
    return start(0);
  }

  /** Starts the fake on a loopback port (0 for a free one). */
  public static FakeGlue start(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    FakeGlue fake = new FakeGlue(server);
    server.createContext("/", fake::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return fake;
  }

  /**
   * Runs the fake until killed, for trying {@code catalog.type = glue} by hand: {@code FakeGlue
   * [port]} (default 4599). Its state lives in memory only.
   */
  public static void main(String[] args) throws Exception {
    FakeGlue fake = start(args.length > 0 ? Integer.parseInt(args[0]) : 4599);
    System.out.println("Glue protocol fake (not an emulator) serving at " + fake.endpoint());
    Thread.currentThread().join();
  }

  /** The endpoint to give the SDK ({@code http://127.0.0.1:<port>}). */
  public String endpoint() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // --- injection and inspection -------------------------------------------------------------

  /** The next {@code n} Glue requests answer 400 ThrottlingException. */
  public void throttleNext(int n) {
    throttleNext.set(n);
  }

  /** The next {@code n} Glue requests answer 500 InternalServiceException without doing anything. */
  public void fail5xxNext(int n) {
    fail5xxNext.set(n);
  }

  /** The next {@code n} batch requests are applied, then answered 500 InternalServiceException. */
  public void applyThen5xxNext(int n) {
    applyThen5xxNext.set(n);
  }

  /** The next entries for partition {@code date} in batch calls fail with these codes, in order. */
  public void failEntry(String date, String... codes) {
    entryErrors.put(date, new ArrayDeque<>(List.of(codes)));
  }

  /** Cancels every injected failure not yet used. */
  public void resetFaults() {
    throttleNext.set(0);
    fail5xxNext.set(0);
    applyThen5xxNext.set(0);
    entryErrors.clear();
  }

  /** HTTP requests received per operation (including ones answered with an error). */
  public Map<String, Integer> requests() {
    Map<String, Integer> out = new TreeMap<>();
    requests.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Forgets the request counts, batch sizes, access keys and catalog ids seen. */
  public void resetCounts() {
    requests.clear();
    batchSizes.clear();
    expressions.clear();
    accessKeys.clear();
    catalogIds.clear();
  }

  /** The {@code Expression} of each GetPartitions call that had one (first pages only), in order. */
  public List<String> partitionExpressions() {
    return List.copyOf(expressions);
  }

  /** Access key id that signed each request, in order. */
  public List<String> accessKeys() {
    return List.copyOf(accessKeys);
  }

  /** CatalogId of each Glue request (null when absent), in order. */
  public List<String> catalogIds() {
    return new ArrayList<>(catalogIds);
  }

  /** Entries per batch request received (create, update, delete, get), in order. */
  public List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  /** The stored table as the API returns it, or null. */
  public ObjectNode table(String catalogId, String database, String table) {
    return tables.get(key(catalogId, database, table));
  }

  /** Stored partitions of a table: date (first value) to the stored Partition structure. */
  public SortedMap<String, ObjectNode> partitions(String catalogId, String database, String table) {
    return new TreeMap<>(partitions.getOrDefault(key(catalogId, database, table), new TreeMap<>()));
  }

  /** Removes a stored partition, as another process (rollback, retention) would; true if it was there. */
  public boolean removePartition(String catalogId, String database, String table, String date) {
    SortedMap<String, ObjectNode> parts = partitions.get(key(catalogId, database, table));
    return parts != null && parts.remove(date) != null;
  }

  // --- protocol -----------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        Matcher m = CREDENTIAL.matcher(auth);
        if (m.find()) {
          accessKeys.add(m.group(1));
        }
      }
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (target == null) {
        sts(ex, new String(body, StandardCharsets.UTF_8));
        return;
      }
      String op = target.startsWith("AWSGlue.") ? target.substring("AWSGlue.".length()) : target;
      requests.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
      String contentType = ex.getRequestHeaders().getFirst("Content-Type");
      if (!"application/x-amz-json-1.1".equals(contentType)) {
        error(ex, 400, "SerializationException", "Content-Type must be application/x-amz-json-1.1, got " + contentType);
        return;
      }
      if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 400, "ThrottlingException", "Rate exceeded");
        return;
      }
      if (fail5xxNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 500, "InternalServiceException", "Internal service error");
        return;
      }
      JsonNode req = JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
      catalogIds.add(req.hasNonNull("CatalogId") ? req.get("CatalogId").asText() : null);
      ObjectNode resp;
      try {
        resp = dispatch(op, req);
      } catch (GlueError e) {
        error(ex, e.status, e.code, e.getMessage());
        return;
      }
      if (op.startsWith("Batch") && !op.equals("BatchGetPartition")
          && applyThen5xxNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 500, "InternalServiceException", "Internal service error (after applying the request)");
        return;
      }
      send(ex, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(resp));
    }
  }

  private ObjectNode dispatch(String op, JsonNode req) {
    String catalog = req.hasNonNull("CatalogId") ? req.get("CatalogId").asText() : OWN_ACCOUNT;
    return switch (op) {
      case "GetDatabase" -> getDatabase(catalog, req);
      case "CreateDatabase" -> createDatabase(catalog, req);
      case "GetTable" -> getTable(catalog, req);
      case "CreateTable" -> createTable(catalog, req);
      case "UpdateTable" -> updateTable(catalog, req);
      case "GetPartition" -> getPartition(catalog, req);
      case "CreatePartition" -> createPartition(catalog, req);
      case "UpdatePartition" -> updatePartition(catalog, req);
      case "GetPartitions" -> getPartitions(catalog, req);
      case "BatchCreatePartition" -> batchCreatePartition(catalog, req);
      case "BatchUpdatePartition" -> batchUpdatePartition(catalog, req);
      case "BatchDeletePartition" -> batchDeletePartition(catalog, req);
      case "BatchGetPartition" -> batchGetPartition(catalog, req);
      default -> throw new GlueError(400, "UnknownOperationException", "Operation " + op + " is not implemented by the fake");
    };
  }

  private ObjectNode getDatabase(String catalog, JsonNode req) {
    String name = required(req, "Name").asText();
    ObjectNode db = databases.get(catalog + "/" + name);
    if (db == null) {
      throw new GlueError(400, "EntityNotFoundException", "Database " + name + " not found.");
    }
    return obj().set("Database", db);
  }

  private ObjectNode createDatabase(String catalog, JsonNode req) {
    JsonNode input = required(req, "DatabaseInput");
    String name = required(input, "Name").asText();
    ObjectNode db = obj().put("Name", name).put("CatalogId", catalog);
    if (input.has("Description")) {
      db.put("Description", input.get("Description").asText());
    }
    if (databases.putIfAbsent(catalog + "/" + name, db) != null) {
      throw new GlueError(400, "AlreadyExistsException", "Database already exists.");
    }
    return obj();
  }

  private ObjectNode getTable(String catalog, JsonNode req) {
    return obj().set("Table", existingTable(catalog, required(req, "DatabaseName").asText(), required(req, "Name").asText()));
  }

  private ObjectNode createTable(String catalog, JsonNode req) {
    String db = required(req, "DatabaseName").asText();
    requireDatabase(catalog, db);
    ObjectNode t = tableFrom(catalog, db, required(req, "TableInput"));
    if (tables.putIfAbsent(key(catalog, db, t.get("Name").asText()), t) != null) {
      throw new GlueError(400, "AlreadyExistsException", "Table already exists.");
    }
    partitions.put(key(catalog, db, t.get("Name").asText()), new TreeMap<>());
    return obj();
  }

  private ObjectNode updateTable(String catalog, JsonNode req) {
    String db = required(req, "DatabaseName").asText();
    JsonNode input = required(req, "TableInput");
    existingTable(catalog, db, required(input, "Name").asText());
    tables.put(key(catalog, db, input.get("Name").asText()), tableFrom(catalog, db, input));
    return obj();
  }

  private ObjectNode getPartition(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    String date = values(required(req, "PartitionValues"));
    ObjectNode p = parts.get(date);
    if (p == null) {
      throw new GlueError(400, "EntityNotFoundException", "Cannot find partition.");
    }
    return obj().set("Partition", p);
  }

  private ObjectNode createPartition(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    ObjectNode p = partitionFrom(catalog, req, required(req, "PartitionInput"));
    String date = values(p.get("Values"));
    if (parts.containsKey(date)) {
      throw new GlueError(400, "AlreadyExistsException", "Partition already exists.");
    }
    parts.put(date, p);
    return obj();
  }

  private ObjectNode updatePartition(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    String date = values(required(req, "PartitionValueList"));
    if (!parts.containsKey(date)) {
      throw new GlueError(400, "EntityNotFoundException", "Cannot find partition.");
    }
    parts.put(date, partitionFrom(catalog, req, required(req, "PartitionInput")));
    return obj();
  }

  private ObjectNode getPartitions(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    int max = req.has("MaxResults") ? req.get("MaxResults").asInt() : 1000;
    if (max < 1 || max > 1000) {
      throw new GlueError(400, "ValidationException", "1 validation error detected: Value '" + max
          + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000");
    }
    boolean exclude = req.path("ExcludeColumnSchema").asBoolean(false);
    List<String> keys = new ArrayList<>(parts.keySet());
    if (req.hasNonNull("Expression")) {
      String expression = req.get("Expression").asText();
      if (!req.hasNonNull("NextToken")) {
        expressions.add(expression);
      }
      PartitionExpression filter;
      try {
        filter = PartitionExpression.parse(expression);
      } catch (IllegalArgumentException e) {
        throw new GlueError(400, "ValidationException", e.getMessage());
      }
      keys.removeIf(date -> !filter.test(date));
    }
    int from = req.hasNonNull("NextToken") ? Integer.parseInt(req.get("NextToken").asText().split(":")[1]) : 0;
    ArrayNode out = JSON.createArrayNode();
    for (int i = from; i < Math.min(keys.size(), from + max); i++) {
      ObjectNode p = parts.get(keys.get(i)).deepCopy();
      if (exclude) {
        ((ObjectNode) p.get("StorageDescriptor")).remove("Columns");
      }
      out.add(p);
    }
    ObjectNode resp = obj().set("Partitions", out);
    if (from + max < keys.size()) {
      resp.put("NextToken", tokens.incrementAndGet() + ":" + (from + max));
    }
    return resp;
  }

  private ObjectNode batchCreatePartition(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    JsonNode list = limit(req, "PartitionInputList", 100);
    ArrayNode errors = JSON.createArrayNode();
    for (JsonNode input : list) {
      ObjectNode p = partitionFrom(catalog, req, input);
      String date = values(p.get("Values"));
      String injected = injected(date);
      if (injected != null) {
        errors.add(partitionError("PartitionValues", p.get("Values"), injected, "Injected failure"));
      } else if (parts.containsKey(date)) {
        errors.add(partitionError("PartitionValues", p.get("Values"), "AlreadyExistsException", "Partition already exists."));
      } else {
        parts.put(date, p);
      }
    }
    return obj().set("Errors", errors);
  }

  private ObjectNode batchUpdatePartition(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    JsonNode entries = limit(req, "Entries", 100);
    ArrayNode errors = JSON.createArrayNode();
    for (JsonNode e : entries) {
      JsonNode valueList = required(e, "PartitionValueList");
      String date = values(valueList);
      String injected = injected(date);
      if (injected != null) {
        errors.add(partitionError("PartitionValueList", valueList, injected, "Injected failure"));
      } else if (!parts.containsKey(date)) {
        errors.add(partitionError("PartitionValueList", valueList, "EntityNotFoundException", "Cannot find partition."));
      } else {
        parts.put(date, partitionFrom(catalog, req, required(e, "PartitionInput")));
      }
    }
    return obj().set("Errors", errors);
  }

  private ObjectNode batchDeletePartition(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    JsonNode list = limit(req, "PartitionsToDelete", 25);
    ArrayNode errors = JSON.createArrayNode();
    for (JsonNode v : list) {
      JsonNode vals = required(v, "Values");
      String date = values(vals);
      String injected = injected(date);
      if (injected != null) {
        errors.add(partitionError("PartitionValues", vals, injected, "Injected failure"));
      } else if (parts.remove(date) == null) {
        errors.add(partitionError("PartitionValues", vals, "EntityNotFoundException", "Cannot find partition."));
      }
    }
    return obj().set("Errors", errors);
  }

  private ObjectNode batchGetPartition(String catalog, JsonNode req) {
    SortedMap<String, ObjectNode> parts = partitionsOf(catalog, req);
    JsonNode list = limit(req, "PartitionsToGet", 1000);
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode v : list) {
      ObjectNode p = parts.get(values(required(v, "Values")));
      if (p != null) {
        out.add(p);
      }
    }
    ObjectNode resp = obj().set("Partitions", out);
    resp.set("UnprocessedKeys", JSON.createArrayNode());
    return resp;
  }

  private String injected(String date) {
    Deque<String> codes = entryErrors.get(date);
    return codes == null ? null : codes.pollFirst();
  }

  private JsonNode limit(JsonNode req, String member, int max) {
    JsonNode list = required(req, member);
    batchSizes.add(list.size());
    if (list.size() > max) {
      throw new GlueError(400, "ValidationException", "1 validation error detected: Value at '"
          + Character.toLowerCase(member.charAt(0)) + member.substring(1)
          + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
    }
    return list;
  }

  private SortedMap<String, ObjectNode> partitionsOf(String catalog, JsonNode req) {
    String db = required(req, "DatabaseName").asText();
    String table = required(req, "TableName").asText();
    existingTable(catalog, db, table);
    return partitions.get(key(catalog, db, table));
  }

  private ObjectNode existingTable(String catalog, String db, String table) {
    requireDatabase(catalog, db);
    ObjectNode t = tables.get(key(catalog, db, table));
    if (t == null) {
      throw new GlueError(400, "EntityNotFoundException", "Table " + table + " not found.");
    }
    return t;
  }

  private void requireDatabase(String catalog, String db) {
    if (!databases.containsKey(catalog + "/" + db)) {
      throw new GlueError(400, "EntityNotFoundException", "Database " + db + " not found.");
    }
  }

  private static ObjectNode tableFrom(String catalog, String db, JsonNode input) {
    ObjectNode t = ((ObjectNode) input).deepCopy();
    required(t, "Name");
    t.put("DatabaseName", db).put("CatalogId", catalog).put("UpdateTime", System.currentTimeMillis() / 1000.0);
    return t;
  }

  private static ObjectNode partitionFrom(String catalog, JsonNode req, JsonNode input) {
    ObjectNode p = ((ObjectNode) input).deepCopy();
    if (!p.has("Values") || p.get("Values").size() != 1) {
      throw new GlueError(400, "InvalidInputException", "The number of partition values does not match the partition keys (1)");
    }
    p.put("DatabaseName", req.get("DatabaseName").asText()).put("TableName", req.get("TableName").asText())
        .put("CatalogId", catalog).put("CreationTime", System.currentTimeMillis() / 1000.0);
    return p;
  }

  private static ObjectNode partitionError(String member, JsonNode values, String code, String message) {
    ObjectNode e = obj();
    e.set(member, values);
    e.set("ErrorDetail", obj().put("ErrorCode", code).put("ErrorMessage", message));
    return e;
  }

  private static JsonNode required(JsonNode node, String member) {
    if (!node.hasNonNull(member)) {
      throw new GlueError(400, "ValidationException", "1 validation error detected: Value null at '" + member
          + "' failed to satisfy constraint: Member must not be null");
    }
    return node.get(member);
  }

  private static String values(JsonNode values) {
    return values.size() == 0 ? "" : values.get(0).asText();
  }

  private static String key(String catalog, String db, String table) {
    return (catalog == null ? OWN_ACCOUNT : catalog) + "/" + db + "/" + table;
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private void sts(HttpExchange ex, String body) throws IOException {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    requests.computeIfAbsent("sts:" + form.get("Action"), k -> new AtomicInteger()).incrementAndGet();
    if (!"AssumeRole".equals(form.get("Action"))) {
      send(ex, 400, "text/xml", ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>"
          + form.get("Action") + " is not implemented by the fake</Message></Error></ErrorResponse>").getBytes(StandardCharsets.UTF_8));
      return;
    }
    String role = form.get("RoleArn");
    String key = "ASIA" + role.substring(role.lastIndexOf('/') + 1).toUpperCase(java.util.Locale.ROOT);
    String xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<AssumeRoleResult><Credentials><AccessKeyId>" + key + "</AccessKeyId>"
        + "<SecretAccessKey>secret-" + key + "</SecretAccessKey><SessionToken>token-" + key + "</SessionToken>"
        + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
        + "<AssumedRoleUser><AssumedRoleId>AROA:" + form.get("RoleSessionName") + "</AssumedRoleId>"
        + "<Arn>" + role + "/" + form.get("RoleSessionName") + "</Arn></AssumedRoleUser></AssumeRoleResult>"
        + "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>";
    send(ex, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    ex.getResponseHeaders().add("x-amzn-ErrorType", code);
    send(ex, status, "application/x-amz-json-1.1",
        JSON.writeValueAsBytes(obj().put("__type", code).put("message", message)));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", contentType);
    ex.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** A Glue error response. */
  private static final class GlueError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    GlueError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
}
