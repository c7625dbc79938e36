package dev.idempotency.listener.rabbit;

import java.lang.reflect.Method;
import java.util.List;

import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitHandler;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RabbitListenerAdapter}: which methods are listeners, their ids, batch
 * listeners, and an invalid acknowledgement mode.
 */
class RabbitListenerAdapterTests {

	private final RabbitListenerAdapter adapter = new RabbitListenerAdapter(
			new MockEnvironment().withProperty("listeners.orders", "orders-listener"));

	@Test
	void recognisesListenerMethodsAndHandlersOfListenerClasses() {
		assertThat(this.adapter.isListenerMethod(method(Listeners.class, "onOrder"))).isTrue();
		assertThat(this.adapter.isListenerMethod(method(ClassLevelListener.class, "onOrder"))).isTrue();
		assertThat(this.adapter.isListenerMethod(method(Listeners.class, "notAListener"))).isFalse();
	}

	@Test
	void listenerIdResolvesPlaceholders() {
		assertThat(this.adapter.listenerId(method(Listeners.class, "onOrder"))).isEqualTo("orders-listener");
		assertThat(this.adapter.listenerId(method(Listeners.class, "onBatch"))).isNull();
	}

	@Test
	void listMethodsMayBeBatchListenersAndTheBatchAttributeDecides() {
		// a List may be a batch or one message's payload: the binding asks the container per delivery
		assertThat(this.adapter.bind(method(Listeners.class, "onBatch"))).isInstanceOf(RabbitBatchListenerBinding.class);
		assertThat(this.adapter.bind(method(Listeners.class, "onOrder"))).isInstanceOf(RabbitListenerBinding.class);
		assertThat(this.adapter.bind(method(Listeners.class, "onLines"))).isInstanceOf(RabbitListenerBinding.class);
	}

	@Test
	void invalidAcknowledgeModeStopsTheStartNamingTheMethod() {
		assertThatIllegalStateException().isThrownBy(() -> this.adapter.bind(method(Listeners.class, "onInvalidMode")))
			.withMessage("Invalid @RabbitListener(ackMode = \"SOMETIMES\") on Listeners.onInvalidMode: "
					+ "use NONE, MANUAL or AUTO.");
	}

	@Test
	void keysFallBackToTheMessageIdProperty() {
		assertThat(this.adapter.messageIdProperty()).isEqualTo("message_id");
	}

	private static Method method(Class<?> type, String name) {
		return ReflectionUtils.findMethod(type, name, (Class<?>[]) null);
	}

	static class Listeners {

		@RabbitListener(id = "${listeners.orders}", queues = "orders")
		void onOrder(String order, Channel channel) {
		}

		@RabbitListener(queues = "batches")
		void onBatch(List<Message> orders) {
		}

		@RabbitListener(queues = "lines", batch = "false")
		void onLines(List<String> lines) {
		}

		@RabbitListener(queues = "orders", ackMode = "SOMETIMES")
		void onInvalidMode(String order) {
		}

		void notAListener(String order) {
		}

	}

	@RabbitListener(queues = "orders")
	static class ClassLevelListener {

		@RabbitHandler
		void onOrder(String order) {
		}

	}

}
