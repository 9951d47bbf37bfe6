import { Module } from '@nestjs/common';
import { RuntimeModule } from '@newswire/runtime';
import { RouterStage } from './router.stage';
import { SubscriptionsSource } from './subscriptions.source';
import { WebhookDispatcher } from './webhook-dispatcher';

@Module({
  imports: [RuntimeModule.forRoot('router')],
  controllers: [RouterStage],
  providers: [SubscriptionsSource, WebhookDispatcher],
})
export class RouterModule {}
