package dev.invalidator.service.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PipelineSamplerTest {

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }

    @Test
    void stepOf_commitSyncWaitingOnTheNetwork_isCommit() {
        StackTraceElement[] stack = {
                frame("org.apache.kafka.clients.consumer.internals.ConsumerNetworkClient", "poll"),
                frame("org.apache.kafka.clients.consumer.internals.ClassicKafkaConsumer", "commitSync"),
                frame("org.apache.kafka.clients.consumer.KafkaConsumer", "commitSync"),
                frame("dev.invalidator.service.pipeline.InvalidationPipeline", "commitApplied"),
                frame("dev.invalidator.service.pipeline.InvalidationPipeline", "process"),
                frame("dev.invalidator.service.pipeline.InvalidationPipeline", "run"),
                frame("java.lang.Thread", "run")};

        assertThat(PipelineSampler.stepOf(stack)).isEqualTo("commit");
    }

    @Test
    void stepOf_broadcastWaitingForItsAck_isBroadcast() {
        StackTraceElement[] stack = {
                frame("org.apache.kafka.clients.producer.internals.FutureRecordMetadata", "get"),
                frame("dev.invalidator.service.pipeline.KafkaBroadcastSink", "send"),
                frame("dev.invalidator.service.pipeline.BroadcastPublisher", "publish"),
                frame("dev.invalidator.service.pipeline.InvalidationPipeline", "process"),
                frame("dev.invalidator.service.pipeline.InvalidationPipeline", "run")};

        assertThat(PipelineSampler.stepOf(stack)).isEqualTo("broadcast + ack");
    }

    @Test
    void stepOf_planningThatParsesJson_isPlanningNotAnythingItCalls() {
        StackTraceElement[] stack = {
                frame("com.fasterxml.jackson.core.json.UTF8StreamJsonParser", "nextToken"),
                frame("dev.invalidator.service.redis.RedisApplier", "apply"),
                frame("dev.invalidator.service.pipeline.BatchPlanner", "plan"),
                frame("dev.invalidator.service.pipeline.InvalidationPipeline", "run")};

        assertThat(PipelineSampler.stepOf(stack)).as("the outermost known step").isEqualTo("planning");
    }

    @Test
    void stepOf_noKnownStep_isOther() {
        assertThat(PipelineSampler.stepOf(new StackTraceElement[] {frame("java.lang.Thread", "sleep")}))
                .isEqualTo(PipelineSampler.OTHER);
    }

    @Test
    void stop_afterSamplingAWaitingThread_countsItsSamplesAndLittleCpu() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        PipelineSampler sampler = PipelineSampler.start(waiter, Duration.ofMillis(1));
        Thread.sleep(50);

        TimeShares shares = sampler.stop();
        release.countDown();
        waiter.join();

        assertThat(shares.total()).isPositive();
        assertThat(shares.samples()).containsEntry(PipelineSampler.OTHER, shares.total());
        assertThat(shares.wallNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(shares.cpuNanos()).as("a thread that waits").isLessThan(shares.wallNanos());
    }
}
