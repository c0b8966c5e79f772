import { Global, Module } from '@nestjs/common';
import { ClusterLock } from './cluster-lock';
import { ClusterNotifications } from './cluster-notifications';
import { ReplicaRegistry } from './replica-registry';

/**
 * What several API replicas on one PostgreSQL need from each other: who is alive (registry), one
 * run of each background job at a time (lock), and messages between them (LISTEN/NOTIFY).
 * Global, like the data source it is built on. See docs/cluster.md.
 */
@Global()
@Module({
  providers: [ReplicaRegistry, ClusterLock, ClusterNotifications],
  exports: [ReplicaRegistry, ClusterLock, ClusterNotifications],
})
export class ClusterModule {}
