// The API shapes the dashboard works with.
import type { Output } from '../../core/common/api/index.js';

export type Dashboard = NonNullable<Output<'insights.dashboard'>>;
export type Importance = NonNullable<Output<'insights.importance'>>;
export type Simulation = NonNullable<Output<'insights.simulation'>>;
export type ModelSummary = Output<'models.list'>[number];
