// The same sum service in NestJS 11 on its fastify adapter: with the usual ValidationPipe and a
// class-validator DTO, or with a minimal pass-through pipe.
import "reflect-metadata";
import type { PipeTransform } from "@nestjs/common";
import { Body, Controller, HttpCode, Module, Post, ValidationPipe } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import { FastifyAdapter } from "@nestjs/platform-fastify";
import { IsNumber } from "class-validator";
import { listenPort } from "./listen-port.js";

/** The request body, as class-validator checks it. */
class SumDto {
  @IsNumber()
  a!: number;

  @IsNumber()
  b!: number;
}

@Controller()
class SumController {
  @Post("sum")
  @HttpCode(200)
  sum(body: SumDto): { v: number } {
    return { v: body.a + body.b };
  }
}
// @Body() on the first parameter, applied by hand: the repository's linter does not parse
// parameter decorators. The compiler still emits the parameter's type (SumDto) for the pipe.
Body()(SumController.prototype, "sum", 0);

@Module({ controllers: [SumController] })
class SumModule {}

/** A pipe that hands the body on unchecked. */
const passThrough: PipeTransform = { transform: (value: unknown) => value };

/** Starts NestJS on 127.0.0.1, port 0, with the pipe named; resolves to the port. */
export async function startNest(pipe: "validation" | "minimal"): Promise<number> {
  const app = await NestFactory.create<NestFastifyApplication>(SumModule, new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalPipes(pipe === "validation" ? new ValidationPipe() : passThrough);
  await app.listen(0, "127.0.0.1");
  return listenPort(app.getHttpServer());
}
