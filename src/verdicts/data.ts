/**
 * The bundled data set: the seed comparison, SmolVLM-3B vs Vercel AI Gateway, plus the six competitors the panel
 * named, so their sites are recognised too. Facts (votes per lens, entry prices, competitors, category) are carried
 * over from the seed exactly; every tagline, summary and take is written in our own words. Capability tags are our
 * reading of each tool's model card or docs (SmolVLM's "document understanding" in the seed is its OCR tag).
 * Prices of the competitor-only entries are our reading of their public offers (the seed doesn't give them).
 * Validated by test/unit/verdict-schema.test.ts; feeds are validated at load time with the same schema.
 */
import type { VerdictDataSet } from '../protocol/verdict-data';

const UPDATED = '2025-06-01';

export const BUNDLED_DATA: VerdictDataSet = {
  version: 1,
  tools: [
    {
      id: 'smolvlm-3b',
      name: 'SmolVLM-3B',
      vendor: 'Hugging Face',
      category: 'Developer Tools',
      capabilities: ['vision-language', 'ocr', 'on-device', 'open-weights'],
      tagline: 'An Apache 2.0 vision-language model small enough to run on your own device',
      summary:
        'A 3-billion-parameter vision-language model from Hugging Face, built for on-device and edge use. ' +
        'It answers questions about images, reads documents and writes captions with benchmark results that hold ' +
        'up, while staying inside tight memory budgets. The Apache 2.0 licence lets anyone use, fine-tune and ' +
        'deploy it at no cost.',
      entryPrice: 'Free',
      links: [
        { label: 'Model card', url: 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct' },
        { label: 'Announcement', url: 'https://huggingface.co/blog/smolvlm' },
      ],
      sitePatterns: [
        { host: 'huggingface.co', path: '/HuggingFaceTB/SmolVLM*' },
        { host: 'huggingface.co', path: '/blog/smolvlm*' },
        { host: 'huggingface.co', path: '/docs/transformers/model_doc/smolvlm' },
      ],
      competitors: ['phi-3-5-vision', 'minicpm-v', 'moondream'],
      updatedAt: UPDATED,
    },
    {
      id: 'vercel-ai-gateway',
      name: 'Vercel AI Gateway',
      vendor: 'Vercel',
      category: 'Developer Tools',
      capabilities: ['llm-routing', 'failover', 'observability'],
      tagline: 'One endpoint that routes, watches and fails over across the major LLM providers',
      summary:
        'A single API endpoint from Vercel that sends requests to OpenAI, Anthropic, Google and Mistral models, ' +
        'tracking cost and latency and switching providers automatically when one fails. It plugs straight into ' +
        'the Vercel AI SDK, so combining models becomes a matter of configuration rather than code, and teams get ' +
        'monitoring and resilience without running infrastructure of their own.',
      entryPrice: 'Paid',
      links: [
        { label: 'Product page', url: 'https://vercel.com/ai-gateway' },
        { label: 'Docs', url: 'https://vercel.com/docs/ai-gateway' },
      ],
      sitePatterns: [
        { host: 'vercel.com', path: '/ai-gateway' },
        { host: 'vercel.com', path: '/docs/ai-gateway' },
      ],
      competitors: ['litellm', 'portkey', 'openrouter'],
      updatedAt: UPDATED,
    },
    {
      id: 'phi-3-5-vision',
      name: 'Phi-3.5-Vision',
      vendor: 'Microsoft',
      category: 'Developer Tools',
      capabilities: ['vision-language', 'ocr', 'open-weights'],
      tagline: 'Microsoft’s small open multimodal model in the Phi family',
      summary:
        'A compact vision-language model from Microsoft’s Phi series that takes images and text as input, ' +
        'released with open weights under the MIT licence.',
      entryPrice: 'Free',
      links: [{ label: 'Model card', url: 'https://huggingface.co/microsoft/Phi-3.5-vision-instruct' }],
      sitePatterns: [{ host: 'huggingface.co', path: '/microsoft/Phi-3.5-vision*' }],
      competitors: [],
      updatedAt: UPDATED,
    },
    {
      id: 'minicpm-v',
      name: 'MiniCPM-V',
      vendor: 'OpenBMB',
      category: 'Developer Tools',
      capabilities: ['vision-language', 'ocr', 'video', 'on-device', 'open-weights'],
      tagline: 'A family of efficient vision-language models aimed at phones and edge devices',
      summary:
        'Open-weight multimodal models from OpenBMB that read images, documents and video frames, sized to run on ' +
        'end-user hardware.',
      entryPrice: 'Free',
      links: [
        { label: 'Model card', url: 'https://huggingface.co/openbmb/MiniCPM-V-2_6' },
        { label: 'GitHub', url: 'https://github.com/OpenBMB/MiniCPM-V' },
      ],
      sitePatterns: [
        { host: 'huggingface.co', path: '/openbmb/MiniCPM-V*' },
        { host: 'huggingface.co', path: '/openbmb/MiniCPM-o*' },
        { host: 'github.com', path: '/OpenBMB/MiniCPM-V' },
      ],
      competitors: [],
      updatedAt: UPDATED,
    },
    {
      id: 'moondream',
      name: 'Moondream',
      vendor: 'Moondream',
      category: 'Developer Tools',
      capabilities: ['vision-language', 'object-detection', 'on-device', 'open-weights'],
      tagline: 'A tiny vision-language model that runs almost anywhere',
      summary:
        'A very small open vision-language model for captioning, visual questions and object detection, offered ' +
        'as downloadable weights and as a hosted API.',
      entryPrice: 'Free',
      links: [
        { label: 'Website', url: 'https://moondream.ai/' },
        { label: 'Model card', url: 'https://huggingface.co/vikhyatk/moondream2' },
      ],
      sitePatterns: [
        { host: 'moondream.ai', includeSubdomains: true },
        { host: 'huggingface.co', path: '/vikhyatk/moondream*' },
        { host: 'github.com', path: '/vikhyat/moondream' },
      ],
      competitors: [],
      updatedAt: UPDATED,
    },
    {
      id: 'litellm',
      name: 'LiteLLM',
      vendor: 'BerriAI',
      category: 'Developer Tools',
      capabilities: ['llm-routing', 'failover', 'self-hosted'],
      tagline: 'An open-source proxy and SDK that calls many LLM APIs in one format',
      summary:
        'A Python SDK and self-hostable gateway that puts over a hundred model providers behind one OpenAI-style ' +
        'interface, with budgets, retries and logging; a paid enterprise tier adds more.',
      entryPrice: 'Freemium',
      links: [
        { label: 'Website', url: 'https://www.litellm.ai/' },
        { label: 'Docs', url: 'https://docs.litellm.ai/' },
      ],
      sitePatterns: [
        { host: 'litellm.ai', includeSubdomains: true },
        { host: 'github.com', path: '/BerriAI/litellm' },
      ],
      competitors: [],
      updatedAt: UPDATED,
    },
    {
      id: 'portkey',
      name: 'Portkey',
      vendor: 'Portkey',
      category: 'Developer Tools',
      capabilities: ['llm-routing', 'failover', 'observability', 'guardrails'],
      tagline: 'An AI gateway with routing, guardrails and observability for production LLM apps',
      summary:
        'A hosted and open-source gateway that routes calls across model providers with fallbacks, caching and ' +
        'logs, with a free tier and paid plans.',
      entryPrice: 'Freemium',
      links: [
        { label: 'Website', url: 'https://portkey.ai/' },
        { label: 'Docs', url: 'https://portkey.ai/docs' },
      ],
      sitePatterns: [
        { host: 'portkey.ai', includeSubdomains: true },
        { host: 'github.com', path: '/Portkey-AI/gateway' },
      ],
      competitors: [],
      updatedAt: UPDATED,
    },
    {
      id: 'openrouter',
      name: 'OpenRouter',
      vendor: 'OpenRouter',
      category: 'Developer Tools',
      capabilities: ['llm-routing', 'failover'],
      tagline: 'One API and one bill for hundreds of models from many providers',
      summary:
        'A hosted router that exposes models from many labs behind a single OpenAI-compatible API with ' +
        'pay-as-you-go credits; some models can be used free.',
      entryPrice: 'Freemium',
      links: [
        { label: 'Website', url: 'https://openrouter.ai/' },
        { label: 'Docs', url: 'https://openrouter.ai/docs' },
      ],
      sitePatterns: [{ host: 'openrouter.ai' }],
      competitors: [],
      updatedAt: UPDATED,
    },
  ],
  reviews: [
    {
      toolId: 'smolvlm-3b',
      lens: 'engineering',
      vote: 'ship',
      take:
        'A genuine, quantization-friendly model under Apache 2.0 that fits edge memory budgets without data-centre ' +
        'GPUs. It loads through the standard Transformers classes with no special runtime, and the repository ' +
        'carries working examples and benchmarks with a documented method rather than a thin wrapper.',
    },
    {
      toolId: 'smolvlm-3b',
      lens: 'competitive',
      vote: 'ship',
      take:
        'It shares a crowded shelf with Phi-3.5-Vision, MiniCPM-V and Moondream, so it has to win on quality per ' +
        'parameter and Hugging Face’s reach, and OCR on poor scans or dark photos remains a weak spot. The larger ' +
        'threat is on-device vision built into Google’s and Apple’s platforms, yet a permissive licence on a ' +
        'competitive model is a moat for enterprise fine-tuning teams.',
    },
    {
      toolId: 'smolvlm-3b',
      lens: 'thesis',
      vote: 'ship',
      take:
        'The bet is that most vision-language inference moves onto devices within a few years, and that roughly ' +
        '3B parameters is the useful size for NPU laptops and mid-range phones today. It arrives on time rather ' +
        'than first (Moondream told the tiny-model story earlier), but open weights at this size move fine-tuning ' +
        'power to enterprise teams who keep their data in-house.',
    },
    {
      toolId: 'smolvlm-3b',
      lens: 'business',
      vote: 'skip',
      take:
        'As a weight release rather than a product it has no pricing of its own, and the value goes to whoever ' +
        'builds on it. Hugging Face gains Hub goodwill and upsell, but that moat belongs to the Hub, which would ' +
        'host a better rival just as happily, so as a standalone business it does not hold up.',
    },
    {
      toolId: 'vercel-ai-gateway',
      lens: 'engineering',
      vote: 'ship',
      take:
        'Routing sits in a proxy inside Vercel’s request path, so the complexity lives in configuration and a ' +
        'dashboard instead of application code, and AI SDK users change one endpoint to get fallback, cost and ' +
        'latency tracking. A home-made proxy could copy the basics, but automatic failover across providers ' +
        'without hand-written retries is what earns the ship.',
    },
    {
      toolId: 'vercel-ai-gateway',
      lens: 'competitive',
      vote: 'ship',
      take:
        'LiteLLM, Portkey and OpenRouter already offer unified routing, some across more providers, and data ' +
        'residency rules or missing models can rule it out. Its edge is distribution: for an app already hosted ' +
        'on Vercel it is a setting, not a new vendor, and even if the model labs ship their own routing, that ' +
        'convenience is enough for Vercel-native teams.',
    },
    {
      toolId: 'vercel-ai-gateway',
      lens: 'business',
      vote: 'ship',
      take:
        'It sells to teams already paying for Vercel, from budget they have already committed, so each sale costs ' +
        'almost nothing. Fallback policies and dashboards wired through it raise switching costs, and observability ' +
        'tied to deployment data is hard for standalone proxies to match, though free routing from providers ' +
        'would squeeze it.',
    },
    {
      toolId: 'vercel-ai-gateway',
      lens: 'job-to-be-done',
      vote: 'ship',
      take:
        'The job is narrow and real: no more reworking routing and failover every time another model provider ' +
        'joins the stack. An existing AI SDK user is set up in minutes, with policy in config and monitoring on ' +
        'by default, while teams hosted elsewhere face too big a move to get it.',
    },
  ],
  comparisons: [
    {
      id: 'smolvlm-3b-vs-vercel-ai-gateway',
      toolIds: ['smolvlm-3b', 'vercel-ai-gateway'],
      headline:
        'Both ship for different jobs: Vercel AI Gateway is a unanimous pick for teams already on Vercel, while ' +
        'SmolVLM-3B wins on engineering, competition and thesis but not as a business.',
      updatedAt: UPDATED,
    },
  ],
};
