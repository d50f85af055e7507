import type { Model } from '../../model/domain';

/** The `model` value of a policy scope: exposes `ofKind(kind)` and `byId(id)` and nothing else of the Model. */
export class ModelHandle {
  constructor(readonly model: Model) {}
}
