package dev.idempotency.core;

/**
 * What every call through one gate shares.
 *
 * @param store the store as the gate calls it
 * @param tokens the owner tokens of the gate's claims
 * @param inProgressWait how to wait for a claim held by another delivery
 * @param heartbeat keeps the claims of running bodies alive
 * @param results converts results for the store
 * @param listener observes outcomes and store requests
 * @param outages makes a store outage visible while deliveries are refused for it
 */
record GateServices(GateStore store, ClaimTokens tokens, InProgressWait inProgressWait, LeaseHeartbeat heartbeat,
		StoredResults results, IdempotencyListener listener, StoreOutageLog outages) {

}
