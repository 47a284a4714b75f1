package io.feedlake.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.IHMSHandler;
import org.apache.hadoop.hive.metastore.TSetIpAddressProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportFactory;

/**
 * A real Hive metastore server (the Hive 2.3 {@code HMSHandler} Spark ships, behind its thrift
 * processor, as {@code HiveMetaStore.startMetaStore} wires it) on a free loopback port, with its
 * own Derby database and warehouse in a directory. Unlike {@code startMetaStore}, it keeps the
 * {@link TServer} so that tests can stop it. {@link #main} runs one until killed, for trying the
 * demo with {@code catalog.type = hive} by hand.
 */
public final class TestMetastore implements AutoCloseable {
  private final TServer server;
  private final IHMSHandler handler;
  private final Thread thread;
  private final int port;

  private TestMetastore(TServer server, IHMSHandler handler, Thread thread, int port) {
    this.server = server;
    this.handler = handler;
    this.thread = thread;
    this.port = port;
  }

  /**
   * Starts a metastore whose Derby database and warehouse live under {@code dir}, and waits until
   * it serves.
   *
   * @param port the port, or 0 for a free one
   */
  public static TestMetastore start(Path dir, int port) throws Exception {
    Files.createDirectories(dir);
    int p = port == 0 ? freePort() : port;
    HiveConf conf = new HiveConf();
    conf.set("javax.jdo.option.ConnectionURL",
        "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true");
    conf.set("datanucleus.schema.autoCreateAll", "true");
    conf.set("hive.metastore.schema.verification", "false");
    conf.set("hive.metastore.warehouse.dir", dir.resolve("warehouse").toUri().toString());
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    IHMSHandler handler = HiveMetaStore.newRetryingHMSHandler(
        new HiveMetaStore.HMSHandler("feedlake test metastore", conf, false), conf, false);
    TServerSocket socket = new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
    TServer server = new TThreadPoolServer(new TThreadPoolServer.Args(socket)
        .processor(new TSetIpAddressProcessor<>(handler))
        .transportFactory(new TTransportFactory())
        .protocolFactory(new TBinaryProtocol.Factory())
        .minWorkerThreads(2)
        .maxWorkerThreads(8));
    CountDownLatch serving = new CountDownLatch(1);
    server.setServerEventHandler(new TServerEventHandler() {
      @Override
      public void preServe() {
        serving.countDown();
      }

      @Override
      public org.apache.thrift.server.ServerContext createContext(
          org.apache.thrift.protocol.TProtocol in, org.apache.thrift.protocol.TProtocol out) {
        return null;
      }

      @Override
      public void deleteContext(org.apache.thrift.server.ServerContext c, org.apache.thrift.protocol.TProtocol in,
          org.apache.thrift.protocol.TProtocol out) {}

      @Override
      public void processContext(org.apache.thrift.server.ServerContext c, org.apache.thrift.transport.TTransport in,
          org.apache.thrift.transport.TTransport out) {}
    });
    Thread thread = new Thread(server::serve, "test-metastore-" + p);
    thread.setDaemon(true);
    thread.start();
    if (!serving.await(60, TimeUnit.SECONDS)) {
      server.stop();
      throw new IllegalStateException("The test metastore did not start serving on port " + p + " within 60 s");
    }
    return new TestMetastore(server, handler, thread, p);
  }

  /** {@code thrift://127.0.0.1:<port>}. */
  public String uri() {
    return "thrift://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
  }

  @Override
  public void close() throws Exception {
    server.stop();
    thread.join(10_000);
    handler.shutdown();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs a metastore until killed: {@code TestMetastore <dir> [port]}. */
  public static void main(String[] args) throws Exception {
    TestMetastore m = start(Path.of(args[0]).toAbsolutePath(), args.length > 1 ? Integer.parseInt(args[1]) : 9083);
    System.out.println("Hive metastore serving at " + m.uri() + " (Derby database and warehouse under " + args[0] + ")");
    Thread.currentThread().join();
  }
}
