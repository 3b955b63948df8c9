// duban's launcher of the Java time-skipping test server: arguments <port> [<start instant, epoch ms>]. Compiled by
// scripts/temporal/binaries.ts against the jars Maven fetched; the stock main takes no start instant.
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.util.concurrent.TimeUnit;

public final class PinnedTestServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long startAt = args.length > 1 ? Long.parseLong(args[1]) : 0L;
    TestServicesStarter services = new TestServicesStarter(true, startAt);
    // The SDK's client pings every 30 s, also during a long time-skipping sleep; gRPC's default server policy (one
    // ping per 5 min) answers that with GOAWAY "too many pings" and the client logs an error for it. Allow them.
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { server.shutdownNow(); services.close(); }));
    server.awaitTermination();
  }
}
