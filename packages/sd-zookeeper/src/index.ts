/**
 * ZooKeeper service discovery for @kit (go-kit's `sd/zk`): use it when your services already
 * live in a ZooKeeper ensemble. {@link createZooKeeperRegistrar} announces an instance as an
 * ephemeral sequential node (gone when its process dies, re-created on a new session);
 * {@link createZooKeeperInstancer} watches a path's children and feeds a `createEndpointer` from
 * `@kit/endpoint/sd`. The ZooKeeper client (node-zookeeper-client) stays internal: you pass a
 * connection string and options.
 *
 * @example
 * import { createZooKeeperInstancer, createZooKeeperRegistrar } from "@kit/sd-zookeeper";
 * import { createEndpointer, roundRobin } from "@kit/endpoint/sd";
 * const registrar = createZooKeeperRegistrar({ connect, path: "/services/add", instance: "10.0.0.7:8080" });
 * await registrar.register();
 * const instancer = createZooKeeperInstancer({ connect, path: "/services/add" });
 * const balancer = roundRobin(createEndpointer(instancer, factory));
 *
 * @packageDocumentation
 */

export type { ZooKeeperInstancerOptions } from "./zookeeper-instancer.js";
export { createZooKeeperInstancer } from "./zookeeper-instancer.js";
export type { ZooKeeperRegistrarOptions } from "./zookeeper-registrar.js";
export { createZooKeeperRegistrar } from "./zookeeper-registrar.js";
