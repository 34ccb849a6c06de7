// The same one call every lab backend makes: the conformance kit checks each kernel against its own reference.
import { runConformance } from '@lab/backend-testkit';
import { ref64 } from '@lab/example-backend'; // the package's own name resolves to its exports

runConformance(ref64);
