// A ResourceRunner that runs each call on a worker the pool picks (by the request's tags,
// for the request's team-less purpose): what the checker uses on a web node whose workers
// are all remote. A get's volume lives on the picked worker, so callers that keep volumes
// should pick a worker themselves; checks keep nothing.
import type {
  CheckRequest, FetchImageRequest, FetchedImage, GetRequest, GetResult, ImageResource, PutRequest, PutResult,
  ResourceRunner, ResourceVersion,
} from '../../ports/resource-runner';
import type { WorkerPool } from '../../ports/engine-ports';

export class PoolResourceRunner implements ResourceRunner {
  constructor(private readonly pool: WorkerPool) {}

  async check(req: CheckRequest): Promise<ResourceVersion[]> {
    return (await this.pool.pick({ ...(req.tags?.length ? { tags: req.tags } : {}), purpose: 'check' })).resources.check(req);
  }
  async get(req: GetRequest): Promise<GetResult> {
    return (await this.pool.pick({ ...(req.tags?.length ? { tags: req.tags } : {}), purpose: 'get' })).resources.get(req);
  }
  async put(req: PutRequest): Promise<PutResult> {
    return (await this.pool.pick({ ...(req.tags?.length ? { tags: req.tags } : {}), purpose: 'put' })).resources.put(req);
  }
  async fetchImage(image: ImageResource, req: FetchImageRequest): Promise<FetchedImage> {
    return (await this.pool.pick({ purpose: 'image' })).resources.fetchImage(image, req);
  }
}
